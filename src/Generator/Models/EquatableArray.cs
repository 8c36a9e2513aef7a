using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Compiled.Generator.Models;

/// <summary>
/// An immutable array compared by its elements, so that pipeline models holding arrays stay equal
/// across runs and the incremental generator can cache them (arrays compare by reference).
/// </summary>
/// <remarks>
/// A class rather than a struct: the compiler's incremental tables, builders and comparers are generic over each step's
/// output type, and over a struct every one of them is compiled anew for our type when a fresh compiler process first
/// runs the generator (about 170 methods for the diagnostics steps alone), where over a class they share the code
/// compiled for every other generator's reference types.
/// </remarks>
internal sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    private readonly T[] _items;

    public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    public static EquatableArray<T> Empty { get; } = new(Array.Empty<T>());

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(EquatableArray<T>? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        T[] left = _items, right = other._items;
        if (left.Length != right.Length) return false;
        for (int i = 0; i < left.Length; i++)
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (T item in _items) hash = hash * 31 + (item?.GetHashCode() ?? 0);
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T>? left, EquatableArray<T>? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(EquatableArray<T>? left, EquatableArray<T>? right) => !(left == right);
}

internal static class EquatableArray
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> => new(items);
}
