namespace Lipschitz.Dsl.Tests;
