namespace Compiled.Kernels;

/// <summary>Which implementation a product takes; <see cref="Auto"/> picks by size, tests force the others.</summary>
internal enum GemmAlgorithm
{
    Auto,
    Direct,
    Packed,
}
