namespace Compiled.Generator.Models;

/// <summary>One layer of a model, with its shapes already inferred: what every kind of layer has.</summary>
/// <param name="Kind">The attribute's metadata name, which finds the layer's <see cref="Layers.LayerKind"/> in <see cref="Layers.LayerKinds"/>.</param>
/// <param name="KerasClass">Keras's class name: <c>Dense</c>, <c>ReLU</c>, <c>Conv2D</c>.</param>
/// <param name="Name">Keras's layer name: <c>dense</c>, <c>dense_1</c>, <c>re_lu</c>, or the one given.</param>
/// <param name="MemberName">The C# identifier derived from <see cref="Name"/>: <c>Dense1</c>, <c>ReLu</c>.</param>
/// <param name="InputShape">Per-sample shape of the (first) input, without the batch axis.</param>
/// <param name="OutputShape">Per-sample output shape, without the batch axis.</param>
/// <param name="Config">What the kind read from its attribute beyond what every layer has.</param>
internal sealed record LayerSpec(
    string Kind,
    string KerasClass,
    string Name,
    string MemberName,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape,
    LayerConfig Config)
{
    /// <summary>The activation applied to the layer's own result (Dense's and Conv2D's <c>activation</c> argument); linear for none.</summary>
    public ActivationKind Activation { get; init; }

    /// <summary>The layer's variables in Keras's order, trainable ones first within the parameter buffer.</summary>
    public EquatableArray<WeightSpec> Weights { get; init; } = EquatableArray<WeightSpec>.Empty;

    /// <summary>The layer's regularizers and constraints (Keras's <c>kernel_regularizer</c>, …); empty for most layers.</summary>
    public EquatableArray<WeightRuleSpec> Rules { get; init; } = EquatableArray<WeightRuleSpec>.Empty;

    /// <summary>Where the layer's trainable parameters start in the model's parameter buffer.</summary>
    public int ParameterOffset { get; init; }

    /// <summary>Where the layer's non-trainable variables start in the model's state buffer.</summary>
    public int StateOffset { get; init; }

    /// <summary>
    /// The layers this one is applied to, as indices into the model's layers in order; empty for input
    /// layers, and for a Sequential model's first layer, which reads the model's input.
    /// </summary>
    public EquatableArray<int> Inputs { get; init; } = EquatableArray<int>.Empty;

    /// <summary>
    /// Whether the layer's input carries a Keras mask of padded steps (from Embedding's <c>mask_zero</c> or a Masking layer,
    /// through the layers that pass it on), which the layer's kind honours (<see cref="Layers.LayerKind.ConsumesMask"/>).
    /// Set by the parser once the model's layers are read; false in every model without a mask.
    /// </summary>
    public bool InputMasked { get; init; }

    /// <summary>In a functional model, the partial property the generator implements for this node.</summary>
    public NodeProperty? Property { get; init; }

    /// <summary>How many trainable parameters the layer has.</summary>
    public int ParameterCount => Count(trainable: true);

    /// <summary>How many non-trainable values (moving statistics) the layer keeps.</summary>
    public int StateCount => Count(trainable: false);

    /// <summary>Where weight <paramref name="index"/> starts: in the parameter buffer if trainable, else in the state buffer.</summary>
    public int OffsetOf(int index)
    {
        WeightSpec weight = Weights[index];
        int offset = weight.Trainable ? ParameterOffset : StateOffset;
        for (int i = 0; i < index; i++)
            if (Weights[i].Trainable == weight.Trainable) offset += Weights[i].Size;
        return offset;
    }

    /// <summary>The width of the last axis of the input, which Dense reduces over.</summary>
    public int InputFeatures => InputShape[InputShape.Count - 1];

    /// <summary>The width of the last axis of the output.</summary>
    public int OutputFeatures => OutputShape[OutputShape.Count - 1];

    /// <summary>The stem of the layer's buffer fields (<c>_dense1</c> for <c>Dense1</c>): the emitter appends <c>Output</c>, <c>Activation</c> and <c>Gradient</c>.</summary>
    public string BufferStem => BufferStemOf(MemberName);

    /// <summary>The buffer field stem of a layer whose C# member name is <paramref name="memberName"/>.</summary>
    public static string BufferStemOf(string memberName) => "_" + char.ToLowerInvariant(memberName[0]) + memberName.Substring(1);

    private int Count(bool trainable)
    {
        int count = 0;
        foreach (WeightSpec weight in Weights)
            if (weight.Trainable == trainable) count += weight.Size;
        return count;
    }
}

/// <summary>
/// What one kind of layer read from its attribute (Dense's units and bias, Concatenate's axis). Each kind
/// derives a sealed record, so two layers compare equal exactly when their settings do.
/// </summary>
internal abstract record LayerConfig
{
    /// <summary>For kinds that read nothing beyond what every layer has.</summary>
    public static readonly LayerConfig None = new NoConfig();

    private sealed record NoConfig : LayerConfig;
}

/// <summary>One variable of a layer, as Keras names and shapes it.</summary>
/// <param name="Name">Keras's variable name: <c>kernel</c>, <c>bias</c>, <c>gamma</c>, <c>moving_mean</c>.</param>
/// <param name="Shape">Its shape as Keras stores it: Dense's kernel <c>(inputs, units)</c>.</param>
/// <param name="Initializer">How it gets its first values.</param>
/// <param name="FanIn">The fan-in the variance-scaling initializers see.</param>
/// <param name="FanOut">The fan-out the variance-scaling initializers see.</param>
/// <param name="Trainable">Whether the optimizer updates it (else it lives in the state buffer).</param>
internal sealed record WeightSpec(string Name, EquatableArray<int> Shape, InitializerSpec Initializer, int FanIn, int FanOut, bool Trainable = true)
{
    /// <summary>How many values it holds.</summary>
    public int Size => Shapes.Size(Shape);
}
