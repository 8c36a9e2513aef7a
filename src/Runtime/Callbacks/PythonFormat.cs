using System.Globalization;
using System.Text;

namespace Compiled;

/// <summary>
/// Python's text for numbers, where Keras's file names and logs show it: <c>str(float)</c> (the shortest
/// round-tripping digits, <c>1.0</c>, <c>1e-05</c>, <c>nan</c>, <c>inf</c>) and <c>str.format</c> with named fields
/// such as <c>weights.{epoch:02d}-{val_loss:.2f}.h5</c>.
/// </summary>
internal static class PythonFormat
{
    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, positional for exponents −4 … 15, else <c>d.ddde±XX</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        // "E16" is not shortest; "R" is, in either notation: read its digits and exponent back out.
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        string mantissa = e < 0 ? r : r[..e];
        int exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        pointPosition -= leadingZeros;
        int decimalExponent = pointPosition - 1; // the value is 0.d1d2… × 10^pointPosition = d1.d2… × 10^(pointPosition−1)
        StringBuilder text = new(value < 0 ? "-" : "");
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(decimalExponent < 0 ? '-' : '+').Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            text.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            text.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
        }
        else
        {
            text.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        return text.ToString();
    }

    /// <summary>
    /// Python's <c>template.format(**fields)</c> for named fields holding integers (<see cref="int"/>) or floats
    /// (<see cref="double"/>): <c>{{</c> and <c>}}</c> for braces, <c>{name}</c>, and <c>{name:spec}</c> with Python's
    /// format spec <c>[[fill]align][sign][0][width][,][.precision][type]</c>, types <c>d</c>, <c>f</c>, <c>e</c>, <c>g</c>,
    /// <c>%</c> (and their capitals) or none.
    /// </summary>
    /// <exception cref="FormatException">An unbalanced brace, an unsupported spec, or a type that does not fit the value (<c>d</c> for a float, as Python refuses).</exception>
    /// <exception cref="KeyNotFoundException">A field that <paramref name="lookup"/> does not know.</exception>
    public static string Format(string template, Func<string, object?> lookup)
    {
        StringBuilder text = new();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') { text.Append('}'); i++; continue; }
                throw new FormatException($"Single '}}' at position {i} of \"{template}\"; write '}}}}' for a brace.");
            }
            if (c != '{') { text.Append(c); continue; }
            if (i + 1 < template.Length && template[i + 1] == '{') { text.Append('{'); i++; continue; }
            int end = template.IndexOf('}', i + 1);
            if (end < 0) throw new FormatException($"Unclosed '{{' at position {i} of \"{template}\".");
            string field = template[(i + 1)..end];
            int colon = field.IndexOf(':');
            string name = colon < 0 ? field : field[..colon];
            string spec = colon < 0 ? "" : field[(colon + 1)..];
            if (name.Length == 0) throw new FormatException($"\"{template}\" has an unnamed field '{{{field}}}'; name it, as {{epoch:02d}}.");
            object? value = lookup(name) ?? throw new KeyNotFoundException($"\"{template}\" asks for '{name}', which is not available.");
            text.Append(FormatValue(value, spec, name));
            i = end;
        }
        return text.ToString();
    }

    /// <summary>Python's <c>f"{value:.{decimals}f}"</c>, as Keras's messages print values (<c>inf</c>, <c>0.12346</c>).</summary>
    public static string Fixed(double value, int decimals)
        => (double.IsNegative(value) && !double.IsNaN(value) ? "-" : "") + FormatFloat(Math.Abs(value), 'f', decimals, '\0');

    private static string FormatValue(object value, string spec, string name)
    {
        // [[fill]align][sign][#][0][width][,|_][.precision][type]
        int p = 0;
        char fill = ' ', align = '\0';
        if (spec.Length >= 2 && "<>=^".Contains(spec[1])) { fill = spec[0]; align = spec[1]; p = 2; }
        else if (spec.Length >= 1 && "<>=^".Contains(spec[0])) { align = spec[0]; p = 1; }
        char sign = '-';
        if (p < spec.Length && "+- ".Contains(spec[p])) sign = spec[p++];
        if (p < spec.Length && spec[p] == '#') throw new FormatException($"The '#' option in '{{{name}:{spec}}}' is not supported.");
        if (p < spec.Length && spec[p] == '0')
        {
            if (align == '\0') { fill = '0'; align = '='; }
            p++;
        }
        int width = 0;
        while (p < spec.Length && char.IsAsciiDigit(spec[p])) width = width * 10 + (spec[p++] - '0');
        char grouping = '\0';
        if (p < spec.Length && (spec[p] == ',' || spec[p] == '_')) grouping = spec[p++];
        int? precision = null;
        if (p < spec.Length && spec[p] == '.')
        {
            p++;
            int start = p, digits = 0;
            while (p < spec.Length && char.IsAsciiDigit(spec[p])) digits = digits * 10 + (spec[p++] - '0');
            if (p == start) throw new FormatException($"'{{{name}:{spec}}}' has a '.' without a precision.");
            precision = digits;
        }
        char type = p < spec.Length ? spec[p++] : '\0';
        if (p != spec.Length) throw new FormatException($"Invalid format spec '{spec}' for '{name}'.");

        string body;
        bool negative;
        switch (value)
        {
            case int integer when type is '\0' or 'd':
                if (precision is not null) throw new FormatException($"Precision not allowed in integer format specifier '{{{name}:{spec}}}'.");
                negative = integer < 0;
                body = Group(Math.Abs((long)integer).ToString(CultureInfo.InvariantCulture), grouping);
                break;
            case int integer:
                return FormatValue((double)integer, spec, name);
            case double number when type != 'd':
                negative = double.IsNegative(number) && !double.IsNaN(number);
                body = FormatFloat(Math.Abs(number), type, precision, grouping);
                break;
            case double:
                throw new FormatException($"Unknown format code 'd' for object of type 'float' in '{{{name}:{spec}}}' (Python refuses it too); use '.0f'.");
            default:
                throw new FormatException($"'{name}' holds a {value.GetType().Name}; only integers and floats can be formatted.");
        }
        string signText = negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
        int padding = Math.Max(0, width - signText.Length - body.Length);
        if (align == '\0') align = '>';
        return align switch
        {
            '<' => signText + body + new string(fill, padding),
            '^' => new string(fill, padding / 2) + signText + body + new string(fill, padding - padding / 2),
            '=' => signText + new string(fill, padding) + body,
            _ => new string(fill, padding) + signText + body,
        };
    }

    private static string FormatFloat(double value, char type, int? precision, char grouping)
    {
        if (double.IsNaN(value)) return char.IsUpper(type) ? "NAN" : "nan";
        if (double.IsInfinity(value)) return char.IsUpper(type) ? "INF" : "inf";
        switch (type)
        {
            case 'f' or 'F':
                return GroupFixed(value.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture), grouping);
            case '%':
                return GroupFixed((value * 100).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture), grouping) + "%";
            case 'e' or 'E':
                return Scientific(value, precision ?? 6, type);
            case 'g' or 'G':
                return General(value, precision ?? 6, type, grouping);
            case '\0':
                // No type: with a precision Python behaves as 'g' (keeping a ".0" when positional); without, as str().
                if (precision is int digits)
                {
                    string general = General(value, digits, 'g', grouping);
                    return general.Contains('e') || general.Contains('.') || general is "nan" or "inf" ? general : general + ".0";
                }
                return Repr(value);
            default:
                throw new FormatException($"Unknown format code '{type}' for a float.");
        }
    }

    private static string Scientific(double value, int precision, char type)
    {
        string s = value.ToString((type == 'E' ? "E" : "e") + precision, CultureInfo.InvariantCulture); // 1.23e+004
        int e = s.IndexOfAny(['e', 'E']);
        int exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        return s[..(e + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string General(double value, int precision, char type, char grouping)
    {
        int p = precision == 0 ? 1 : precision;
        if (value == 0) return "0";
        // Python's rule: the exponent the value has once rounded to p significant digits decides the notation.
        string rounded = Scientific(value, p - 1, 'e');
        int exponent = int.Parse(rounded[(rounded.IndexOf('e') + 1)..], CultureInfo.InvariantCulture);
        string text;
        if (exponent >= -4 && exponent < p)
        {
            text = value.ToString("F" + (p - 1 - exponent), CultureInfo.InvariantCulture);
            if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
            return GroupFixed(text, grouping);
        }
        int eIndex = rounded.IndexOf('e');
        string mantissa = rounded[..eIndex];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        text = mantissa + rounded[eIndex..];
        return type == 'G' ? text.ToUpperInvariant() : text;
    }

    private static string GroupFixed(string text, char grouping)
    {
        if (grouping == '\0') return text;
        int point = text.IndexOf('.');
        return point < 0 ? Group(text, grouping) : Group(text[..point], grouping) + text[point..];
    }

    private static string Group(string digits, char grouping)
    {
        if (grouping == '\0' || digits.Length <= 3) return digits;
        StringBuilder text = new();
        int first = digits.Length % 3 == 0 ? 3 : digits.Length % 3;
        text.Append(digits, 0, first);
        for (int i = first; i < digits.Length; i += 3) text.Append(grouping).Append(digits, i, 3);
        return text.ToString();
    }
}
