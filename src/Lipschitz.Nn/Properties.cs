using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Lipschitz.Nn.Tests")]
