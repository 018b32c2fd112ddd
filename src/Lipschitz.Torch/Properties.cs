using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Lipschitz.Torch.Tests")]
[assembly: InternalsVisibleTo("Lipschitz.Nn")]
[assembly: InternalsVisibleTo("Lipschitz.Nn.Tests")]
