using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Lipschitz.Dsl.Generator.Tests")]
