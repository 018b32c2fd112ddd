using System.Collections.Generic;
using Lipschitz.Dsl.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lipschitz.Dsl.Syntax;

/// <summary>Reads YAML text into a <see cref="DslNode"/> tree with a span on every node, reporting syntax problems as LIP00xx.</summary>
public static class YamlFrontEnd
{
    /// <summary>Deeper nesting than this is refused (no description needs it, and it bounds the recursion).</summary>
    public const int MaxDepth = DslLimits.MaxYamlDepth;

    /// <summary>Parses one YAML document; returns null (with diagnostics) when nothing usable was read.</summary>
    public static DslNode? Parse(string text, string path, List<DslDiagnostic> diagnostics)
    {
        var reader = new Reader(text, path, diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (TooManyNodesException e)
        {
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.TooLarge, e.Span, $"more than {DslLimits.MaxYamlNodes.ToString(System.Globalization.CultureInfo.InvariantCulture)} YAML nodes", $"{DslLimits.MaxYamlNodes.ToString(System.Globalization.CultureInfo.InvariantCulture)} nodes"));
            return null;
        }
        catch (YamlException e)
        {
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.YamlSyntax, reader.SpanOf(e.Start, e.End), CleanMessage(e)));
            return null;
        }
        catch (System.Exception e) when (e is System.InvalidOperationException or System.ArgumentException)
        {
            // YamlDotNet throws these (not a YamlException) on some malformed input (an unclosed flow list, a global tag
            // that is not a URI); it is still a syntax error of the user's file, located after the last event read correctly.
            diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.YamlSyntax, reader.LastGoodSpan, "malformed YAML after this point (" + e.Message + ")"));
            return null;
        }
    }

    private static string CleanMessage(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (…): "; the location is printed by us already.
        var message = e.Message;
        int cut = message.LastIndexOf("): ", System.StringComparison.Ordinal);
        if (message.StartsWith("(", System.StringComparison.Ordinal) && cut >= 0) message = message.Substring(cut + 3);
        return message.Trim();
    }

    /// <summary>Stops reading a document with more nodes than <see cref="DslLimits.MaxYamlNodes"/>.</summary>
    private sealed class TooManyNodesException(SourceSpan span) : System.Exception
    {
        public SourceSpan Span { get; } = span;
    }

    private sealed class Reader
    {
        private int _nodes;

        private readonly string _path;
        private readonly List<DslDiagnostic> _diagnostics;
        private readonly IParser _parser;
        private readonly Dictionary<string, DslNode> _anchors = new(System.StringComparer.Ordinal);

        public Reader(string text, string path, List<DslDiagnostic> diagnostics)
        {
            _path = path;
            _diagnostics = diagnostics;
            _parser = new Parser(new System.IO.StringReader(text));
            LastGoodSpan = SourceSpan.FileStart(path);
        }

        public SourceSpan LastGoodSpan { get; private set; } = SourceSpan.FileStart("");

        public SourceSpan SpanOf(Mark start, Mark end)
        {
            int startIndex = (int)System.Math.Max(0, start.Index);
            int endIndex = (int)System.Math.Max(startIndex, end.Index);
            return new SourceSpan(_path, startIndex, endIndex - startIndex, (int)System.Math.Max(1, start.Line), (int)System.Math.Max(1, start.Column), (int)System.Math.Max(1, end.Line), (int)System.Math.Max(1, end.Column));
        }

        public DslNode? ReadStream()
        {
            Next();
            Expect<StreamStart>();
            DslNode? first = null;
            int documents = 0;
            SourceSpan? secondSpan = null;
            while (_parser.Current is not StreamEnd)
            {
                var start = Expect<DocumentStart>();
                documents++;
                if (documents == 2) secondSpan = SpanOf(start.Start, start.End);
                var node = ReadNode(0);
                Expect<DocumentEnd>();
                if (documents == 1) first = node;
            }
            if (documents > 1 && secondSpan is not null)
            {
                _diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.MultipleDocuments, secondSpan, documents));
            }
            return first;
        }

        private void Next()
        {
            if (_parser.Current is { } current) LastGoodSpan = SpanOf(current.End, current.End);
            _parser.MoveNext();
        }

        private T Expect<T>() where T : ParsingEvent
        {
            if (_parser.Current is T typed)
            {
                Next();
                return typed;
            }
            throw Unexpected();
        }

        private YamlException Unexpected()
        {
            var at = _parser.Current;
            return at is null ? new YamlException("unexpected end of input") : new YamlException(at.Start, at.End, $"unexpected {at.GetType().Name}");
        }

        private DslNode ReadNode(int depth)
        {
            var ev = _parser.Current ?? throw new YamlException("unexpected end of input");
            if (depth > MaxDepth) throw new YamlException(ev.Start, ev.End, System.FormattableString.Invariant($"nesting deeper than {MaxDepth} levels"));
            // Counted as they are read, so a huge file stops early instead of building millions of nodes first.
            if (ev is not AnchorAlias && ++_nodes > DslLimits.MaxYamlNodes) throw new TooManyNodesException(SpanOf(ev.Start, ev.End));
            switch (ev)
            {
                case AnchorAlias alias:
                    Next();
                    if (_anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                    throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                case Scalar scalar:
                {
                    Next();
                    var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                    var node = new DslScalar(scalar.Value, SpanOf(scalar.Start, scalar.End), quoted);
                    Remember(scalar.Anchor, node);
                    return node;
                }
                case SequenceStart seq:
                {
                    Next();
                    var items = new List<DslNode>();
                    while (_parser.Current is not SequenceEnd)
                    {
                        if (_parser.Current is null) throw Unexpected();
                        items.Add(ReadNode(depth + 1));
                    }
                    var end = _parser.Current!;
                    Next();
                    var node = new DslSequence(new EquatableArray<DslNode>(items), SpanOf(seq.Start, end.End));
                    Remember(seq.Anchor, node);
                    return node;
                }
                case MappingStart map:
                {
                    Next();
                    var entries = new List<DslEntry>();
                    var seen = new HashSet<string>(System.StringComparer.Ordinal);
                    while (_parser.Current is not MappingEnd)
                    {
                        if (_parser.Current is null) throw Unexpected();
                        var keyNode = ReadNode(depth + 1);
                        var value = ReadNode(depth + 1);
                        if (keyNode is not DslScalar key)
                        {
                            _diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.WrongType, keyNode.Span, "key", "a scalar", keyNode.KindName));
                            continue;
                        }
                        if (!seen.Add(key.Value))
                        {
                            _diagnostics.Add(DslDiagnostic.Create(DiagnosticCatalogue.DuplicateKey, key.Span, key.Value));
                            continue;
                        }
                        entries.Add(new DslEntry(key.Value, key.Span, value));
                    }
                    var end = _parser.Current!;
                    Next();
                    var node = new DslMapping(new EquatableArray<DslEntry>(entries), SpanOf(map.Start, end.End));
                    Remember(map.Anchor, node);
                    return node;
                }
                default:
                    throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
            }
        }

        private void Remember(AnchorName anchor, DslNode node)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        }
    }
}
