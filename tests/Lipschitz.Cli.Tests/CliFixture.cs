using System.IO;
using System.Linq;
using System.Threading;
using Lipschitz.Cli.Commands;
using Lipschitz.Nn.Data;

namespace Lipschitz.Cli.Tests;

/// <summary>A temporary folder with small descriptions and synthetic IDX data, and a way to run lipnet in-process.</summary>
public class CliFixture : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("lipnet-cli-").FullName;

    public virtual void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }

    public const string TinyMlp = """
        network: TinyMlp
        input: [1, 28, 28]
        classes: 10
        layers:
          - flatten
          - aol_linear: { out: 16 }
          - maxmin
          - aol_linear: { out: 10 }
        training:
          data: fashion-mnist
          epochs: EPOCHS
          batch: 32
          seed: 0
          optimizer: { adam: { lr: 0.005 } }
          objective: { offset_cross_entropy: { offset: 1.414, temperature: 0.25 } }
        certify:
          norm: l2
          eps: [0.05, 0.1]
        """;

    protected string Yaml(string name = "tiny.lipnet.yaml", int epochs = 1, string text = TinyMlp)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text.Replace("EPOCHS", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return path;
    }

    /// <summary>MNIST-layout IDX files: <paramref name="train"/> and <paramref name="test"/> images of <paramref name="classes"/> classes told apart by a bright band.</summary>
    protected string Data(string name = "data", int train = 96, int test = 48, int classes = 10, bool identical = false)
    {
        string dir = Path.Combine(Dir, name);
        Directory.CreateDirectory(dir);
        var rng = new Random(3);
        foreach ((string prefix, int n) in new[] { ("train", train), ("t10k", test) })
        {
            var pixels = new byte[n * 784];
            var labels = new byte[n];
            for (int i = 0; i < n; i++)
            {
                labels[i] = (byte)(i % classes);
                for (int p = 0; p < 784; p++)
                    pixels[i * 784 + p] = identical ? (byte)100 : (byte)((p / 28 * 10 / 28 == labels[i] ? 200 : 30) + rng.Next(30));
            }
            File.WriteAllBytes(Path.Combine(dir, prefix + "-images-idx3-ubyte"), IdxFile.Encode(new[] { n, 28, 28 }, pixels));
            File.WriteAllBytes(Path.Combine(dir, prefix + "-labels-idx1-ubyte"), IdxFile.Encode(new[] { n }, labels));
        }
        return dir;
    }

    protected static (int Code, string Out, string Err) Lipnet(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = LipnetCli.Run(args, o, e, CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }

    protected string[] Files(string dir) => Directory.GetFiles(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
}
