using System.Text.RegularExpressions;
using Compiled.Generator.Layers;

namespace Compiled.Tests.Generator;

/// <summary>
/// Layer default names and regularizer arguments are Keras's <c>to_snake_case</c> of a class or property name; the generator
/// computes it with a loop, which must give what Keras's two regular expressions give.
/// </summary>
public class KerasSnakeCaseTests
{
    /// <summary>Keras's definition (keras/src/utils/naming.py, as the generator follows it).</summary>
    private static string KerasDefinition(string name)
    {
        string words = Regex.Replace(name, "(.)([A-Z][a-z]+)", "$1_$2");
        return Regex.Replace(words, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }

    [Theory]
    [InlineData("Dense", "dense")]
    [InlineData("ReLU", "re_lu")]
    [InlineData("MaxPooling2D", "max_pooling2d")]
    [InlineData("GlobalAveragePooling1D", "global_average_pooling1d")]
    [InlineData("ZeroPadding2D", "zero_padding2d")]
    [InlineData("SimpleRNN", "simple_rnn")]
    [InlineData("LSTM", "lstm")]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("KernelRegularizer", "kernel_regularizer")]
    [InlineData("RecurrentConstraint", "recurrent_constraint")]
    [InlineData("", "")]
    public void Names_keras_gives(string name, string expected)
        => Assert.Equal(expected, LayerKind.KerasSnakeCase(name));

    [Fact]
    public void Every_kinds_default_name_is_kerass()
    {
        foreach (LayerKind kind in Compiled.Generator.Layers.LayerKinds.All)
            Assert.Equal(KerasDefinition(kind.KerasClass), kind.DefaultName);
    }

    [Fact]
    public void Agrees_with_kerass_regular_expressions_on_every_short_mix_of_cases_digits_and_underscores()
    {
        // Every string of up to five characters from an alphabet with each class the expressions tell apart.
        const string alphabet = "aZb_1C";
        List<string> names = new() { "" };
        for (int length = 1, start = 0; length <= 5; length++)
        {
            int end = names.Count;
            for (int i = start; i < end; i++)
                foreach (char c in alphabet) names.Add(names[i] + c);
            start = end;
        }
        foreach (string name in names)
            Assert.True(KerasDefinition(name) == LayerKind.KerasSnakeCase(name), $"'{name}': Keras gives '{KerasDefinition(name)}', the generator '{LayerKind.KerasSnakeCase(name)}'");
    }
}
