using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Lipschitz.Cli.Compilation;
using Lipschitz.Nn;
using Lipschitz.Nn.Certification;
using Lipschitz.Nn.Data;
using Lipschitz.Nn.IO;
using Lipschitz.Nn.Options;
using Lipschitz.Nn.Training;
using TorchSharp;

namespace Lipschitz.Cli.Commands;

/// <summary><c>lipnet certify FILE --checkpoint PATH [--eps E...] [--norm l2|linf] [--json PATH] [--svg PATH] [--limit N] [--data DIR]</c>.</summary>
public static class CertifyCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "lipnet certify FILE.lipnet.yaml --checkpoint PATH [--eps E ...] [--norm l2|linf] [--json PATH] [--svg PATH] [--limit N] [--data DIR] [--device cpu|cuda[:N]]";

    /// <summary>
    /// Loads the checkpoint into the generated network (refusing one of another network), certifies the test set and
    /// prints clean accuracy, certified accuracy at each eps and the radius distribution; optionally as JSON and SVG.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        CommandLine cl;
        string file, checkpointPath;
        int? limit;
        TorchSharp.torch.Device device;
        try
        {
            cl = new CommandLine("certify", args, Array.Empty<string>(),
                new[] { "--checkpoint", "--eps", "--norm", "--json", "--svg", "--limit", "--data", "--device" }, listOptions: new[] { "--eps" });
            device = TrainCommand.ParseDevice(cl);
            file = cl.SingleFile();
            checkpointPath = cl.Value("--checkpoint") ?? throw new UsageException("certify: --checkpoint PATH is required (a checkpoint folder, its checkpoint.json, or a .pt state dict)");
            limit = cl.PositiveInt("--limit");
        }
        catch (UsageException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine("usage: " + Usage);
            return 2;
        }

        CompiledNetwork? compiled = NetworkLoader.Load(file, error);
        if (compiled is null) return 1;
        using LipschitzModule model = compiled.Create();
        model.to(device);

        CertificationOptions certification;
        try
        {
            certification = Options(cl, model.Certification);
        }
        catch (UsageException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }

        try
        {
            if (checkpointPath.EndsWith(".pt", StringComparison.OrdinalIgnoreCase))
            {
                // A bare state dict says nothing about the description it was trained with; the checkpoint.json
                // written beside it does, so check against that when it is there and say so when it is not.
                string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath)) ?? ".", Checkpoint.InfoFileName);
                if (File.Exists(beside))
                    Checkpoint.Verify(Checkpoint.ReadInfo(beside), model);
                else
                    error.WriteLine($"warning: {checkpointPath}: no {Checkpoint.InfoFileName} beside this state dict, so it cannot be verified " +
                                    $"to come from this description of '{model.GetName()}'; only the layer names and shapes are checked");
                Checkpoint.LoadStateFile(checkpointPath, model);
            }
            else
                Checkpoint.LoadWeights(Checkpoint.ReadInfo(checkpointPath), model);
        }
        catch (CheckpointException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }

        string data = model.Training?.Data ?? "fashion-mnist";
        string dataDir = cl.Value("--data") ?? ImageDataset.ResolveDirectory(data, Path.GetDirectoryName(Path.GetFullPath(file)));
        ImageDataset test;
        try
        {
            test = ImageDataset.LoadSplit(dataDir, train: false, classes: model.Classes);
            if (limit is not null) test = test.Take(limit.Value);
            Trainer.CheckFits(model, test);
        }
        catch (DataFormatException e)
        {
            error.WriteLine($"{e.FilePath}: error: {e.Problem}");
            return 1;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        CertificationReport report = Trainer.Evaluate(model, new BatchLoader(test, 500, shuffle: false, seed: 0), certification);
        double seconds = clock.Elapsed.TotalSeconds;
        output.Write(report.ToTable());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"certified {test.Count} images in {seconds:0.00} s ({test.Count / seconds:0} images/s)"));
        string? json = cl.Value("--json"), svg = cl.Value("--svg");
        if (json is not null)
        {
            AtomicFile.WriteAllText(json, report.ToJson());
            output.WriteLine($"json: {json}");
        }
        if (svg is not null)
        {
            AtomicFile.WriteAllText(svg, report.ToSvg());
            output.WriteLine($"svg: {svg}");
        }
        return 0;
    }

    private static CertificationOptions Options(CommandLine cl, CertificationOptions declared)
    {
        Norm norm = declared.Norm;
        string? n = cl.Value("--norm");
        if (n is not null)
        {
            norm = n.ToLowerInvariant() switch
            {
                "l2" => Norm.L2,
                "linf" or "l-inf" or "inf" => Norm.LInf,
                _ => throw new UsageException($"certify: --norm must be l2 or linf, got '{n}'"),
            };
        }
        IReadOnlyList<double> eps = declared.Eps;
        IReadOnlyList<string>? given = cl.Values("--eps");
        if (given is not null)
        {
            var parsed = new List<double>();
            foreach (string s in given)
            {
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double e) || !(e >= 0) || double.IsInfinity(e))
                    throw new UsageException($"certify: --eps values must be finite non-negative numbers, got '{s}'");
                parsed.Add(e);
            }
            if (parsed.Count == 0) throw new UsageException("certify: --eps needs at least one radius");
            eps = parsed;
        }
        return new CertificationOptions(norm, eps);
    }
}
