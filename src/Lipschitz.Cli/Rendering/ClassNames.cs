using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Lipschitz.Cli.Rendering;

/// <summary>Names of the classes of known data sets (Fashion-MNIST), for pictures and tables.</summary>
internal static class ClassNames
{
    private static readonly string[] FashionMnist = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>The names for data read from <paramref name="dataDirectory"/>: Fashion-MNIST's when it is that data set, else "class k".</summary>
    public static IReadOnlyList<string> For(string dataDirectory, int classes)
    {
        string folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)));
        if (classes == 10 && folder.Contains("fashion", System.StringComparison.OrdinalIgnoreCase)) return FashionMnist;
        var names = new string[classes];
        for (int k = 0; k < classes; k++) names[k] = "class " + k.ToString(CultureInfo.InvariantCulture);
        return names;
    }

    /// <summary>The index of <paramref name="text"/> as a class: a number, or a name (case-insensitive), or -1.</summary>
    public static int Parse(string text, IReadOnlyList<string> names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k)) return k < names.Count ? k : -1;
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], text.Trim(), System.StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
