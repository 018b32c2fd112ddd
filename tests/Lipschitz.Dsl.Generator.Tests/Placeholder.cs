namespace Lipschitz.Dsl.Generator.Tests;
