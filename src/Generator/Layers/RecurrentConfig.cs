using Compiled.Generator.Models;

namespace Compiled.Generator.Layers;

/// <summary>
/// What every recurrent layer's settings have: its units and whether it returns every step's output. Other kinds read
/// it from the layers they are applied to (Dense warns when it would be applied at every step of a returned sequence).
/// </summary>
internal abstract record RecurrentConfig(int Units, bool ReturnSequences, bool GoBackwards) : LayerConfig;
