using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;

namespace Lipschitz.Cli.Commands;

/// <summary>The options several commands share, each made once here with its help text and checks.</summary>
internal static class CommonOptions
{
    /// <summary>The description file argument.</summary>
    public static Argument<string> Description()
    {
        var argument = new Argument<string>("FILE") { Description = "the network description (*.lipnet.yaml)" };
        argument.Validators.Add(r => RefuseOptionLike(r, r.Tokens.Select(t => t.Value)));
        return argument;
    }

    /// <summary>
    /// System.CommandLine takes a token it does not know as an argument; one that looks like an option (--bogus) is
    /// meant as one, so it is reported as an unknown option instead of being read as a file name.
    /// </summary>
    public static void RefuseOptionLike(System.CommandLine.Parsing.SymbolResult result, System.Collections.Generic.IEnumerable<string> values)
    {
        foreach (string v in values)
            if (v.Length > 1 && v.StartsWith('-')) result.AddError($"unknown option '{v}'");
    }

    /// <summary><c>--data DIR</c>.</summary>
    public static Option<string?> Data() => new("--data")
    {
        Description = "folder of MNIST-layout IDX files (default: the description's training.data; fashion-mnist is " + Nn.Data.ImageDataset.FashionMnistDirectory + ")",
        HelpName = "DIR",
    };

    /// <summary><c>--limit N</c>: a positive whole number.</summary>
    public static Option<int> Limit(string what) => Positive(new Option<int>("--limit") { Description = what, HelpName = "N" });

    /// <summary><c>--device cpu|cuda[:N]</c>, checked against this process's backend.</summary>
    public static Option<string?> Device()
    {
        var option = new Option<string?>("--device") { Description = "where the network runs: cpu (default), cuda or cuda:N", HelpName = "cpu|cuda[:N]" };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count != 1) return;
            string value = result.Tokens[0].Value;
            try
            {
                Nn.Runtime.Devices.Parse(value);
            }
            catch (ArgumentException e)
            {
                result.AddError("--device: " + e.Message);
            }
        });
        return option;
    }

    /// <summary><c>--force</c>: replace existing output files that lipnet did not write.</summary>
    public static Option<bool> Force(string what) => new("--force") { Description = what };

    /// <summary>Adds a check that an integer option, when given, is at least 1.</summary>
    public static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && long.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value < 1)
                result.AddError($"{option.Name} must be a positive whole number, got {value.ToString(CultureInfo.InvariantCulture)}");
        });
        return option;
    }

    /// <summary>The value of an integer option, or null when it was not given.</summary>
    public static int? Given(ParseResult result, Option<int> option) => result.GetResult(option) is null ? null : result.GetValue(option);

    /// <summary>The device an already validated <c>--device</c> value names (cpu when absent).</summary>
    public static TorchSharp.torch.Device ParseDevice(string? value) => value is null ? TorchSharp.torch.CPU : Nn.Runtime.Devices.Parse(value);

    /// <summary><c>--bound auto|declared|computed|tightest</c>: the Lipschitz bound certificates divide by.</summary>
    public static Option<string> Bound()
    {
        var option = new Option<string>("--bound")
        {
            Description = "the bound certificates use: auto (the declared one, or for 'lipschitz: computed' the one verified from the weights), " +
                          "declared, computed (verified from the trained weights), or tightest (the smaller; both hold)",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "declared", "computed", "tightest");
        return option;
    }

    /// <summary>The choice a validated <c>--bound</c> value names.</summary>
    public static Nn.Certification.BoundChoice ParseBound(string? value) => value switch
    {
        "declared" => Nn.Certification.BoundChoice.Declared,
        "computed" => Nn.Certification.BoundChoice.Computed,
        "tightest" => Nn.Certification.BoundChoice.Tightest,
        _ => Nn.Certification.BoundChoice.Auto,
    };
}
