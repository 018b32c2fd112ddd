namespace Lipschitz.Examples;
