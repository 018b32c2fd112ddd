namespace Lipschitz.Cli.Tests;
