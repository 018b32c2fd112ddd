namespace Lipschitz.Nn.Tests;
