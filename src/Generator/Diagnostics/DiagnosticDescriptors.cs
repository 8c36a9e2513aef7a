using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Compiled.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable: tests and users' suppressions depend on them.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Compiled";

    public static readonly DiagnosticDescriptor ModelMustBePartial = Error(
        "CMP001", "Model class must be partial",
        "Model class '{0}' must be declared partial so that the generator can add its forward and backward passes");

    public static readonly DiagnosticDescriptor MissingInput = Error(
        "CMP002", "Model has no input shape",
        "Sequential model '{0}' has no input shape; set Input = <features> or InputShape = new[] {{ ... }}");

    public static readonly DiagnosticDescriptor NonPositiveSize = Error(
        "CMP003", "Size must be positive",
        "{0} must be positive; got {1}");

    public static readonly DiagnosticDescriptor UnknownActivation = Error(
        "CMP004", "Unknown activation",
        "{0} is not an activation; expected one of Activation.Linear, Relu, Sigmoid, Tanh, Softmax");

    public static readonly DiagnosticDescriptor UnknownInitializer = Error(
        "CMP005", "Unknown initializer",
        "'{0}' names no static member of '{1}' and no Keras initializer; expected nameof a static Compiled.Initializer field or property, or one of: {2}");

    public static readonly DiagnosticDescriptor InitializerWrongType = Error(
        "CMP006", "Member cannot initialize weights",
        "'{0}' cannot initialize weights: {1}; expected a static field or property whose type derives from Compiled.Initializer");

    public static readonly DiagnosticDescriptor LayerCannotFollow = Error(
        "CMP007", "Layer cannot follow the previous one",
        "{0} '{1}' cannot follow an output of shape {2}: {3}");

    public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = Error(
        "CMP008", "Layers are spread over several declarations",
        "Layer attributes of '{0}' are spread over several partial declarations, so their order is undefined; put them all on the declaration that carries [Sequential]");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "CMP009", "Model has no layers",
        "Sequential model '{0}' has no layers; add layer attributes such as [Dense(10)] after [Sequential]");

    public static readonly DiagnosticDescriptor UnsupportedModelClass = Error(
        "CMP010", "Model class cannot be generated",
        "Model class '{0}' {1}");

    public static readonly DiagnosticDescriptor SizeOverflow = Error(
        "CMP011", "Size overflows",
        "{0} needs {1} values, more than the 2,147,483,647 one buffer can hold");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "CMP012", "Duplicate layer name",
        "Layer name '{0}' is already used by layer {1} ('{2}'); layer names must be unique");

    public static readonly DiagnosticDescriptor InvalidLayerName = Error(
        "CMP013", "Layer name cannot be used",
        "Layer name '{0}' cannot be used: {1}");

    public static readonly DiagnosticDescriptor ConflictingInput = Error(
        "CMP014", "Input given twice",
        "Sequential model '{0}' sets both Input and InputShape; give one of them");

    public static readonly DiagnosticDescriptor UnsupportedAxis = Error(
        "CMP015", "Axis not supported",
        "{0} '{1}' over axis {2} of an input of shape {3} is not supported yet; only the last axis (-1) is");

    public static readonly DiagnosticDescriptor LayerWithoutModel = Error(
        "CMP016", "Layer attribute without a model",
        "'{0}' has layer attributes but no [Sequential] or [Functional] attribute, so no network is generated; add [Sequential(Input = <features>)] before the layers, or [Functional(nameof(<output>))] for a graph of node properties");

    public static readonly DiagnosticDescriptor InvalidModelName = Error(
        "CMP017", "Model name cannot be used",
        "Model name '{0}' cannot be used: it is printed in the summary and diagram, so it must be non-empty and on one line");

    public static readonly DiagnosticDescriptor UnknownNode = Error(
        "CMP018", "Unknown node",
        "'{0}' is not a node of '{1}': {2}");

    public static readonly DiagnosticDescriptor Cycle = Error(
        "CMP019", "Nodes form a cycle",
        "Node '{0}' depends on itself through {1}; a network's nodes must form a graph without cycles");

    public static readonly DiagnosticDescriptor InputShapesDisagree = Error(
        "CMP020", "Input shapes disagree",
        "{0} '{1}' cannot merge its inputs: {2}");

    public static readonly DiagnosticDescriptor ReshapeSizeMismatch = Error(
        "CMP021", "Reshape changes the number of values",
        "Reshape '{0}' to {1} cannot take its input of shape {2}: {3}");

    public static readonly DiagnosticDescriptor AxisOutOfRange = Error(
        "CMP022", "Axis out of range",
        "{0} '{1}' axis {2} is out of range for inputs of shape {3}: expected {4}");

    public static readonly DiagnosticDescriptor OutputNotConnected = Error(
        "CMP023", "Output not connected to the model's inputs",
        "Output '{0}' depends on input '{1}', which is not among the model's Inputs ({2}); add it to Inputs or change the output");

    public static readonly DiagnosticDescriptor UnusedNode = Warning(
        "CMP024", "Node is never used",
        "Node '{0}' is never used by the model's outputs ({1}); {2}");

    public static readonly DiagnosticDescriptor InvalidNodeProperty = Error(
        "CMP025", "Node property cannot be implemented",
        "Node property '{0}' cannot be implemented: {1}");

    public static readonly DiagnosticDescriptor LayerInWrongModel = Error(
        "CMP026", "Layer does not fit this kind of model",
        "{0}");

    public static readonly DiagnosticDescriptor WrongInputCount = Error(
        "CMP027", "Wrong number of inputs",
        "{0} '{1}' takes {2}; it was given {3}");

    public static readonly DiagnosticDescriptor MissingNodeInput = Error(
        "CMP028", "Layer is applied to nothing",
        "{0} '{1}' in functional model '{2}' needs Input = nameof(<node>): the node it is applied to");

    public static readonly DiagnosticDescriptor NoOutputs = Error(
        "CMP029", "Model has no outputs",
        "Functional model '{0}' names no outputs; list them: [Functional(nameof(<output node>))]");

    public static readonly DiagnosticDescriptor WindowTooLarge = Error(
        "CMP030", "Window larger than its input",
        "{0} '{1}' cannot slide a window of {2} over its input of shape {3}: {4}");

    public static readonly DiagnosticDescriptor WrongValueCount = Error(
        "CMP031", "Wrong number of values",
        "{0} '{1}' {2} takes {3}; got {4}");

    public static readonly DiagnosticDescriptor UnsupportedPadding = Error(
        "CMP032", "Padding not supported",
        "{0} '{1}' cannot use padding {2}; expected {3}");

    public static readonly DiagnosticDescriptor WrongInputRank = Error(
        "CMP033", "Input has the wrong number of axes",
        "{0} '{1}' takes {2}, but its input has shape {3}{4}");

    public static readonly DiagnosticDescriptor DenseOverPositions = Warning(
        "CMP034", "Dense applied at every position",
        "Dense '{0}' is applied at every position of its input {1}, giving {2}; add [Flatten] before it to map the whole sample to its units");

    public static readonly DiagnosticDescriptor ValueOutOfRange = Error(
        "CMP035", "Value out of range",
        "{0} '{1}' {2} is {3}; expected {4}");

    public static readonly DiagnosticDescriptor DenseOverSteps = Warning(
        "CMP036", "Dense applied at every time step",
        "Dense '{0}' is applied at every step of the sequence {1} that {2} '{3}' returns, giving {4}; to map only the last step, set ReturnSequences = false on '{3}'");

    public static readonly DiagnosticDescriptor MaskNotConsumed = Error(
        "CMP050", "Mask has no consumer",
        "{0} '{1}' sets {2}, so its output carries a mask of padded steps, but {3} cannot consume a mask; remove {2}, or feed the layer to one that consumes masks");

    public static readonly DiagnosticDescriptor MaskingNotConsumed = Error(
        "CMP052", "Masking layer's mask has no consumer",
        "{0} '{1}' gives its output a mask of the steps whose features all equal its mask_value, but {2} cannot consume a mask; apply it before a layer that consumes masks (LSTM, Bidirectional, TimeDistributed, Dropout, Activation), or remove it");

    public static readonly DiagnosticDescriptor TimeDistributedNeedsSteps = Error(
        "CMP053", "TimeDistributed needs steps",
        "{0} '{1}' applies {2} to every step of its input, but its input has shape {3}, without a steps axis before the features; give it sequences (None, timesteps, features)");

    public static readonly DiagnosticDescriptor IndicesFromWeights = Error(
        "CMP051", "Indices computed from weights",
        "{0} '{1}' reads token indices, but {2} is computed from trainable weights: indices carry no gradient (Keras casts them to int32) and a computed value is almost never a whole number; apply it to the model's input, through Reshape or Flatten at most");

    public static readonly DiagnosticDescriptor WrapperWithoutLayer = Error(
        "CMP060", "Wrapper has no layer to wrap",
        "[{0}] wraps the layer attribute that follows it, but no layer attribute follows it {1}; write the layer to wrap right after it, as in [{0}] [LSTM(64)]");

    public static readonly DiagnosticDescriptor WrapperCannotWrap = Error(
        "CMP061", "Wrapper cannot wrap this layer",
        "{0} wraps {1}; {2} is not one");

    public static readonly DiagnosticDescriptor WrapperAroundWrapper = Error(
        "CMP062", "Wrapper around a wrapper",
        "[{0}] follows [{1}], which wraps the layer attribute after it; a wrapper wraps one layer, not another wrapper");

    public static readonly DiagnosticDescriptor WrappedLayerSetsInput = Error(
        "CMP063", "Wrapped layer sets Input",
        "{0} '{1}' is wrapped by [{2}], which is what is applied to a node; set Input on [{2}] instead");

    public static readonly DiagnosticDescriptor UnknownRegularizer = Error(
        "CMP070", "Unknown regularizer",
        "'{0}' is not a Keras regularizer ({1}); write one of {2}, as in Python");

    public static readonly DiagnosticDescriptor UnknownConstraint = Error(
        "CMP071", "Unknown constraint",
        "'{0}' is not a Keras constraint ({1}); write one of {2}, as in Python");

    public static readonly DiagnosticDescriptor InvalidRuleArgument = Error(
        "CMP072", "Invalid regularizer or constraint argument",
        "{0} = \"{1}\": {2}; Keras's signature is {3}");

    public static readonly DiagnosticDescriptor ConstraintAxisOutside = Error(
        "CMP073", "Constraint axis outside the weight",
        "{0} takes its norm over axis {1}, outside the {2} of shape {3}, which has {4} axes");

    public static readonly DiagnosticDescriptor RuleOnWrappedLayer = Error(
        "CMP074", "Regularizer or constraint on a wrapped layer",
        "{0} '{1}' sets {2} inside [{3}], which does not apply it yet; regularize or constrain a layer that is not wrapped");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
        "CMP090", "C# version too old for a functional model",
        "Functional model '{0}' declares its nodes as partial properties, which need C# 13 or later; the project compiles C# {1}. Set <LangVersion>13</LangVersion> or later (the .NET 9 SDK's default) in the project file.");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "CMP999", "The generator failed",
        "The Compiled generator failed on '{0}': {1}; please report this with the model's declaration");

    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = new[]
    {
        ModelMustBePartial, MissingInput, NonPositiveSize, UnknownActivation, UnknownInitializer,
        InitializerWrongType, LayerCannotFollow, LayersSplitAcrossDeclarations, NoLayers, UnsupportedModelClass,
        SizeOverflow, DuplicateLayerName, InvalidLayerName, ConflictingInput, UnsupportedAxis, LayerWithoutModel, InvalidModelName,
        UnknownNode, Cycle, InputShapesDisagree, ReshapeSizeMismatch, AxisOutOfRange, OutputNotConnected, UnusedNode,
        InvalidNodeProperty, LayerInWrongModel, WrongInputCount, MissingNodeInput, NoOutputs,
        WindowTooLarge, WrongValueCount, UnsupportedPadding, WrongInputRank, DenseOverPositions, ValueOutOfRange, DenseOverSteps,
        MaskNotConsumed, MaskingNotConsumed, TimeDistributedNeedsSteps, IndicesFromWeights, WrapperWithoutLayer, WrapperCannotWrap, WrapperAroundWrapper, WrappedLayerSetsInput, UnknownRegularizer, UnknownConstraint, InvalidRuleArgument, ConstraintAxisOutside, RuleOnWrappedLayer, LanguageVersionTooOld, InternalError,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => Descriptors[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
