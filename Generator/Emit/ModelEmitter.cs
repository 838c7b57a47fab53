using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Model;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Writes a checked model as a partial class on SegGen.Torch: one field per stateful layer (named after
/// its node, registered under its PyTorch path), a constructor taking the hyperparameters, and a
/// <c>forward</c> that guards its inputs and disposes each intermediate right after its last use.
/// It writes; it never decides validity.
/// </summary>
internal sealed partial class ModelEmitter
{
    private readonly BoundModel model;
    private readonly ShapeResult shapes;
    private readonly OpTexts texts;
    private readonly Lifetimes lifetimes;
    private readonly SourceWriter w = new();
    private readonly IReadOnlyCollection<string> declaredFields;
    private readonly InferencePlan plan;
    // Each op's local, named once: both forwards name an op's result, its inputs and its disposal, ten times or so an op.
    private readonly string?[] locals;

    // Statements read the module's members through `self`: "this", or "this.model" in the prepared weights.
    private string self = "this";

    private ModelEmitter(BoundModel model, ShapeResult shapes, OpTexts texts, IReadOnlyCollection<string> declaredFields)
    {
        this.model = model;
        this.shapes = shapes;
        this.texts = texts;
        this.declaredFields = declaredFields;
        lifetimes = new Lifetimes(model);
        plan = new InferencePlan(model, lifetimes);
        locals = new string?[model.Ops.Count];
    }

    /// <param name="declaredFields">Fields the declaration already has (an attributed class's node fields): filled, not declared.</param>
    public static string Emit(BoundModel model, ShapeResult shapes, OpTexts texts, string @namespace, IReadOnlyCollection<string>? declaredFields = null) =>
        new ModelEmitter(model, shapes, texts, declaredFields ?? []).Write(@namespace);

    private string Write(string @namespace)
    {
        using var _ = w;
        Header.Write(w, model);
        using (w.Block($"namespace {@namespace}"))
        {
            ClassDocs();
            w.Line($"[{CSharp.Contracts}.ModelContract({CSharp.String(ContractText.Describe(model, shapes))})]");
            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"SegGen.Generator\", \"{Header.Version}\")]");
            using (w.Block($"public partial class {model.Name} : {ModuleBase}"))
            {
                Fields();
                Hyperparameters();
                Constructor();
                Forward();
                PreparedWeights();
            }
            if (model.Outputs.Count > 1) OutputRecord();
        }
        return w.ToString();
    }

    private string InputType => CSharp.Tensor;

    private string ResultType => model.Outputs.Count == 1 ? CSharp.Tensor : $"{model.Name}Outputs";

    private string ModuleBase => $"{CSharp.Torch}.nn.Module<{string.Join(", ", model.Inputs.Select(_ => InputType))}, {ResultType}>";

    private void ClassDocs()
    {
        w.Line("/// <summary>");
        w.Line($"/// {CSharp.Xml(model.Summary ?? $"The {model.Name} network.")}");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line($"/// Declared in {CSharp.Xml(System.IO.Path.GetFileName(model.SourcePath))}. Accepted inputs, derived by SegGen's shape check:");
        w.Line("/// <list type=\"bullet\">");
        foreach (var (input, contract) in model.Inputs.Zip(shapes.Contracts, (i, c) => (i, c)))
        {
            w.Line($"/// <item><c>{input.Name}</c>: {CSharp.Xml(input.ShapeText)} with {CSharp.Xml(contract.Text)}.</item>");
        }
        w.Line("/// </list>");
        w.Line("/// </remarks>");
    }

    // ---- members -------------------------------------------------------------------------------

    private IEnumerable<BoundOp> StatefulOps => model.Ops.Where(o => o.HasState);

    private void Fields()
    {
        foreach (var op in StatefulOps.Where(o => !declaredFields.Contains(o.FieldName)))
        {
            w.Line($"/// <summary><c>{CSharp.Xml(op.Path)}</c>: {CSharp.Xml(op.Text)}{Origin(op)} → {CSharp.Xml(texts.Shape(op.Id))} ({texts.Line(op.Id)}).</summary>");
            w.Line($"private readonly {LayerType(op)} {Field(op)};");
            w.Line();
        }
    }

    private void Hyperparameters()
    {
        foreach (var h in model.Hyperparameters)
        {
            w.Line($"/// <summary>Hyperparameter <c>{h.Name}</c> (default {CSharp.Xml(h.DefaultCSharp)}).</summary>");
            w.Line($"public {TypeOf(h.Kind)} {h.Name} {{ get; }}");
            w.Line();
        }
    }

    private void Constructor()
    {
        var parameters = string.Join(", ", model.Hyperparameters.Select(h => $"{TypeOf(h.Kind)} {h.Name} = {Literal(h)}"));
        w.Line($"/// <summary>Builds {model.Name} with PyTorch's default initialisation (seeded by <c>torch.manual_seed</c>).</summary>");
        using (w.Block($"public {model.Name}({parameters}) : base(nameof({model.Name}))"))
        {
            foreach (var h in model.Hyperparameters) w.Line($"this.{h.Name} = {h.Name};");
            // Chains and used models are containers, so parameters get PyTorch's nested names (backbone.layer1.0.conv1.weight).
            var containers = new HashSet<string>();
            foreach (var op in StatefulOps)
            {
                var path = op.Path;
                var segments = path.Split('.');
                var parent = "";
                var end = -1;
                for (var depth = 1; depth < segments.Length; depth++)
                {
                    end += segments[depth - 1].Length + 1;
                    var container = path.Substring(0, end);
                    if (containers.Add(container))
                    {
                        w.Line($"var {Container(container)} = {Register(parent)}(\"{segments[depth - 1]}\", new {CSharp.Modules}.ModuleList());");
                    }
                    parent = container;
                }
                w.Line($"{Field(op)} = {Register(parent)}(\"{segments[segments.Length - 1]}\", {Construct(op)});");
                InitialiseSpecially(op);
            }
        }
        w.Line();
    }

    private static string Container(string path) => CSharp.Identifier(path.Replace('.', '_'));

    private static string Register(string parent) => parent.Length == 0 ? "register_module" : $"{Container(parent)}.register_module";

    private string Construct(BoundOp op)
    {
        var inChannels = shapes.Of(op.Inputs[0]).Channels.CSharp;
        switch (op.Kind)
        {
            case OpKind.Conv:
                return $"{CSharp.Torch}.nn.Conv2d({inChannels}, {op.Arg("out").CSharp}, {op.Int("k")}{Named(op, ("stride", "stride"), ("pad", "padding"), ("dilation", "dilation"), ("groups", "groups"), ("bias", "bias"))})";
            case OpKind.Deconv:
                return $"{CSharp.Torch}.nn.ConvTranspose2d({inChannels}, {op.Arg("out").CSharp}, {op.Int("k")}{Named(op, ("stride", "stride"), ("pad", "padding"), ("output_pad", "output_padding"), ("groups", "groups"), ("bias", "bias"), ("dilation", "dilation"))})";
            default:
                return $"{CSharp.Torch}.nn.BatchNorm2d({inChannels}{Named(op, ("eps", "eps"), ("momentum", "momentum"))})";
        }
    }

    /// <summary>", stride: 2, padding: 1" for the arguments the declaration gave.</summary>
    private static string Named(BoundOp op, params (string Arg, string Parameter)[] names)
    {
        var text = "";
        foreach (var (name, parameter) in names)
        {
            var arg = op.Arg(name);
            if (arg.Given) text += $", {parameter}: {arg.CSharp}";
        }
        return text;
    }

    private void InitialiseSpecially(BoundOp op)
    {
        if (op.Kind != OpKind.Deconv) return;
        if (op.Arg("init").Word == "bilinear") w.Line($"{CSharp.Torch}.nn.init.bilinear_({Field(op)}.weight);");
        if (op.Flag("frozen"))
        {
            w.Line($"{Field(op)}.weight.requires_grad = false;");
            if (op.Flag("bias")) w.Line($"{Field(op)}.bias!.requires_grad = false;");
        }
    }

    // ---- forward -------------------------------------------------------------------------------

    private void Forward()
    {
        var inputs = model.Inputs.Select(i => $"{InputType} {CSharp.Identifier(i.Name)}").ToList();
        w.Line("/// <summary>");
        w.Line($"/// Runs {model.Name}. Each input is checked first (rank, channels, accepted sizes); intermediates are freed as soon as they are used up.");
        w.Line("/// </summary>");
        foreach (var (input, contract) in model.Inputs.Zip(shapes.Contracts, (i, c) => (i, c)))
        {
            w.Line($"/// <param name=\"{input.Name}\">{CSharp.Xml(input.ShapeText)} with {CSharp.Xml(contract.Text)}.</param>");
        }
        using (w.Block($"public override {ResultType} forward({string.Join(", ", inputs)})"))
        {
            for (var i = 0; i < model.Inputs.Count; i++)
            {
                var input = model.Inputs[i];
                w.Line($"{CSharp.Contracts}.ModelGuard.Check(Contract, {i}, {CSharp.Identifier(input.Name)}, {shapes.Contracts[i].Channels.CSharpWith("this.")});");
            }
            PreparedBranch();
            EachOp(op =>
            {
                Statement(op);
                Release(op);
            });
            w.Line();
            Return(Local);
        }
    }

    /// <summary>Calls <paramref name="write"/> for every op in order, with a comment line at the start of each node.</summary>
    private void EachOp(System.Action<BoundOp> write)
    {
        string? node = null;
        foreach (var op in model.Ops.Where(o => o.Kind != OpKind.Input))
        {
            if (op.Node != node)
            {
                node = op.Node;
                w.Line();
                w.Line($"// {op.Node} ({texts.Line(op.Id)})");
            }
            write(op);
        }
    }

    private void Statement(BoundOp op)
    {
        var result = Local(op.Id);
        var x = Local(op.Inputs[0]);
        if (op.Kind == OpKind.MaxPool && op.Flag("indices"))
        {
            Comment(op);
            if (lifetimes.IndicesUsed(op.Id)) w.Line($"var {SizeLocal(op.Id)} = {x}.shape;");
            w.Line($"var ({result}, {IndicesLocal(op.Id)}) = {CSharp.Functional}.max_pool2d_with_indices({x}, {PoolArgs(op)});");
            if (!lifetimes.IndicesUsed(op.Id)) w.Line($"{IndicesLocal(op.Id)}.Dispose();");
            return;
        }
        Comment(op);
        w.Line($"var {result} = {Expression(op, x)};");
    }

    private string Expression(BoundOp op, string x)
    {
        switch (op.Kind)
        {
            case OpKind.Conv or OpKind.Deconv or OpKind.BatchNorm:
                return $"{self}.{Field(op)}.forward({x})";
            case OpKind.Relu:
                return $"{CSharp.Functional}.relu({x})";
            case OpKind.Dropout:
                var training = op.Flag("mc") ? "true" : $"{self}.dropout_active";
                return $"{CSharp.Functional}.{(op.Flag("channels") ? "dropout2d" : "dropout")}({x}, {NumberIn(op.Arg("p"))}, training: {training})";
            case OpKind.MaxPool:
                return $"{CSharp.Functional}.max_pool2d({x}, {PoolArgs(op)})";
            case OpKind.AvgPool:
                var k = op.Int("k");
                var s = op.Arg("stride").Given ? op.Int("stride") : k;
                return $"{CSharp.Functional}.avg_pool2d({x}, [{k}], [{s}], [{op.Int("pad")}], ceil_mode: {CSharp.Bool(op.Flag("ceil"))}, count_include_pad: {CSharp.Bool(op.Flag("count_pad"))})";
            case OpKind.Unpool:
                var pool = op.Arg("pool").Reference;
                return $"{CSharp.Functional}.max_unpool2d({x}, {IndicesLocal(pool)}, {SizeLocal(pool)})";
            case OpKind.Gap:
                return $"{CSharp.Functional}.adaptive_avg_pool2d({x}, [1])";
            case OpKind.Upsample:
                return Upsample(op, x);
            case OpKind.Crop:
                return $"{CSharp.Contracts}.ModelOps.crop({x}, {Local(op.Arg("like").Reference)}, {op.Int("offset")})";
            case OpKind.Scale:
                return $"{x}.mul({NumberIn(op.Arg("factor"))})";
            case OpKind.Add:
                return $"{CSharp.Contracts}.ModelOps.sum({string.Join(", ", op.Inputs.Select(Local))})";
            case OpKind.Concat:
                return $"{CSharp.Torch}.cat([{string.Join(", ", op.Inputs.Select(Local))}], 1)";
            case OpKind.Softmax:
                return $"{x}.softmax(1)";
            case OpKind.BlockInput:
                // A view of the use site's tensor, so each name is disposed once, at its own last use.
                return $"{x}.alias()";
            default:
                throw new System.InvalidOperationException($"no emission for {op.Kind}");
        }
    }

    /// <summary>The line above an op's statement: its path, declaration and shape, then what <paramref name="detail"/> adds.</summary>
    private void Comment(BoundOp op, string detail = "") => w.Line($"// {op.Path}: {op.Text}{Origin(op)} → {texts.Shape(op.Id)}{detail}");

    private string Upsample(BoundOp op, string x)
    {
        var bilinear = op.Arg("mode").Word == "bilinear";
        var mode = $"mode: global::SegGen.Torch.InterpolationMode.{(bilinear ? "Bilinear" : "Nearest")}";
        var align = bilinear ? $", align_corners: {CSharp.Bool(op.Flag("align_corners"))}" : "";
        var like = op.Arg("like");
        var target = like.Given
            ? $"size: [{Local(like.Reference)}.size(2), {Local(like.Reference)}.size(3)]"
            : $"scale_factor: [{NumberIn(op.Arg("scale"))}]";
        return $"{CSharp.Functional}.interpolate({x}, {target}, {mode}{align})";
    }

    private static string PoolArgs(BoundOp op)
    {
        var k = op.Int("k");
        var s = op.Arg("stride").Given ? op.Int("stride") : k;
        return $"[{k}], [{s}], [{op.Int("pad")}], [{op.Int("dilation")}], ceil_mode: {CSharp.Bool(op.Flag("ceil"))}";
    }

    /// <summary>A number argument inside forward, where hyperparameters are properties.</summary>
    private string NumberIn(BoundArg arg) => model.Hyperparameters.Any(h => h.Name == arg.CSharp) ? $"{self}.{arg.CSharp}" : arg.CSharp;

    private void Release(BoundOp op)
    {
        foreach (var id in lifetimes.ValuesEndingAt(op.Id))
        {
            if (IsIntermediate(id)) w.Line($"{Local(id)}.Dispose();");
        }
        foreach (var id in lifetimes.IndicesEndingAt(op.Id)) w.Line($"{IndicesLocal(id)}.Dispose();");
    }

    private bool IsIntermediate(int id) => model.Ops[id].Kind != OpKind.Input;

    /// <param name="value">The local an output's value is returned from.</param>
    private void Return(System.Func<int, string> value)
    {
        var values = model.Outputs.Select(o => model.Ops[o.OpId].Kind == OpKind.Input || model.Outputs.Count(p => p.OpId == o.OpId) > 1
            ? $"{value(o.OpId)}.alias()"
            : value(o.OpId)).ToList();
        w.Line(model.Outputs.Count == 1 ? $"return {values[0]};" : $"return new {ResultType}({string.Join(", ", values)});");
    }

    private void OutputRecord()
    {
        w.Line();
        w.Line($"/// <summary>The outputs of <see cref=\"{model.Name}\"/>; disposing it disposes them all.</summary>");
        var members = string.Join(", ", model.Outputs.Select(o => $"{CSharp.Tensor} {CSharp.Identifier(o.Name)}"));
        using (w.Block($"public sealed record {ResultType}({members}) : global::System.IDisposable"))
        {
            // A consumer that documents its public API (GenerateDocumentationFile) needs this one too.
            w.Line("/// <summary>Disposes every output.</summary>");
            using (w.Block("public void Dispose()"))
            {
                foreach (var output in model.Outputs) w.Line($"{CSharp.Identifier(output.Name)}.Dispose();");
            }
        }
    }

    // ---- names ---------------------------------------------------------------------------------

    private string Local(int opId) => locals[opId] ??= CSharp.Identifier(LocalName(opId));

    private string LocalName(int opId) => model.Ops[opId].Kind == OpKind.Input ? model.Ops[opId].Node : model.Ops[opId].FieldName;

    private string IndicesLocal(int opId) => LocalName(opId) + "_indices";

    private string SizeLocal(int opId) => LocalName(opId) + "_input_size";

    private static string Field(BoundOp op) => CSharp.Identifier(op.FieldName);

    private static string Origin(BoundOp op) => op.Origin is null ? "" : $" (from {CSharp.Xml(op.Origin)})";

    private static string LayerType(BoundOp op) => op.Kind switch
    {
        OpKind.Conv => $"{CSharp.Modules}.Conv2d",
        OpKind.Deconv => $"{CSharp.Modules}.ConvTranspose2d",
        _ => $"{CSharp.Modules}.BatchNorm2d",
    };

    internal static string TypeOf(HyperparameterKind kind) => kind switch
    {
        HyperparameterKind.Int => "long",
        HyperparameterKind.Float => "double",
        _ => "bool",
    };

    private static string Literal(BoundHyperparameter h) => h.Kind == HyperparameterKind.Float && !h.DefaultCSharp.Contains('.') && !h.DefaultCSharp.Contains('E')
        ? h.DefaultCSharp + ".0"
        : h.DefaultCSharp;
}
