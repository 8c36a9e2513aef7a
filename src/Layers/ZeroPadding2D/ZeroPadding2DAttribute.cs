namespace Compiled;

/// <summary>
/// Keras's <c>ZeroPadding2D(padding=(1, 1))</c>, channels_last: rows of zeros above and below the image and columns
/// left and right of it. Input shape <c>(batch, height, width, channels)</c>, output shape
/// <c>(batch, top + height + bottom, left + width + right, channels)</c>; no weights.
/// </summary>
/// <example><c>[ZeroPadding2D(1)]</c> pads one on every side; <c>[ZeroPadding2D(1, 2)]</c> one above and below, two left and right;
/// <c>[ZeroPadding2D(0, 1, 2, 3)]</c> is Keras's <c>((0, 1), (2, 3))</c>: top, bottom, left, right.</example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ZeroPadding2DAttribute : Attribute
{
    /// <param name="padding">One value for every side, two for (rows, columns) on both sides, or four for top, bottom, left, right; none means 1.</param>
    public ZeroPadding2DAttribute(params int[] padding) => Padding = padding;

    /// <summary>The padding as written: one, two or four values.</summary>
    public int[] Padding { get; }

    /// <summary>The layer's name; Keras's default is <c>zero_padding2d</c>, <c>zero_padding2d_1</c>, … in model order.</summary>
    public string? Name { get; set; }

    /// <summary>In a <see cref="FunctionalAttribute"/> model, the node this layer is applied to.</summary>
    public string? Input { get; set; }
}
