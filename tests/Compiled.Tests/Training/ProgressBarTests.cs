using System.Text.RegularExpressions;

namespace Compiled.Tests.Training;

/// <summary>
/// The progress bar in Keras's <c>Progbar(width=30)</c> layout at each verbosity, redirected (no redraws)
/// and on a terminal (carriage-return redraws). Times vary, so they are matched by pattern, never by value.
/// </summary>
public class ProgressBarTests
{
    private static readonly string[] Names = ["loss", "categorical_accuracy"];
    private static readonly double[] Values = [0.91234, 0.64];

    [Fact]
    public void Verbose_1_redirected_prints_only_the_finished_line()
    {
        var writer = NewWriter();
        RunEpoch(writer, verbose: 1, dynamic: false, steps: 5);

        string output = writer.ToString();
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^5/5 \[={30}\] - \d+s \d+(s|ms|us)/step - loss: 0\.9123 - categorical_accuracy: 0\.6400\n$"), output);
    }

    [Fact]
    public void Verbose_1_redirected_prints_one_line_per_epoch()
    {
        var writer = NewWriter();
        RunEpoch(writer, verbose: 1, dynamic: false, steps: 5);
        RunEpoch(writer, verbose: 1, dynamic: false, steps: 5);

        string[] lines = writer.ToString().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("5/5 [", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("5/5 [", lines[1], StringComparison.Ordinal);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Step_count_is_padded_to_the_width_of_the_target()
    {
        var writer = NewWriter();
        var bar = new ProgressBar(120, 1, writer, dynamic: false);
        bar.Update(120, Names, Values);
        Assert.StartsWith("120/120 [==============================] - ", writer.ToString(), StringComparison.Ordinal);

        // Keras pads the current step to the target's digits: " 12/120" while running (12/120 of 30 = 3 cells).
        writer = NewWriter();
        bar = new ProgressBar(120, 1, writer, dynamic: true);
        Thread.Sleep(60); // past the 50 ms redraw throttle
        bar.Update(12, Names, Values);
        Assert.StartsWith("\r 12/120 [==>.", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_1_on_a_terminal_redraws_in_place_with_an_arrow_and_eta()
    {
        var writer = NewWriter();
        var bar = new ProgressBar(5, 1, writer, dynamic: true);
        // The bar redraws at most every 50 ms; wait past that before each intermediate step.
        Thread.Sleep(60);
        bar.Update(1, Names, Values);
        Thread.Sleep(60);
        bar.Update(2, Names, Values);
        bar.Update(5, Names, Values); // the last step always draws

        string[] frames = writer.ToString().Split('\r');
        Assert.Equal(["", "1/5", "2/5", "5/5"], frames.Select(frame => frame.Length >= 3 ? frame[..3] : frame));
        // 1/5 of 30 = 6 cells: 5 '=' then '>'; 2/5 = 12 cells: 11 '=' then '>'.
        Assert.Matches(new Regex(@"^1/5 \[=====>\.{24}\] - ETA: \d+s - loss: 0\.9123 - categorical_accuracy: 0\.6400 *$"), frames[1]);
        Assert.Matches(new Regex(@"^2/5 \[={11}>\.{18}\] - ETA: \d+s - loss: 0\.9123 - categorical_accuracy: 0\.6400 *$"), frames[2]);
        Assert.Matches(new Regex(@"^5/5 \[={30}\] - \d+s \d+(s|ms|us)/step - loss: 0\.9123 - categorical_accuracy: 0\.6400 *\n$"), frames[3]);
    }

    [Fact]
    public void Verbose_1_on_a_terminal_ends_with_the_finished_bar_on_its_own_line()
    {
        var writer = NewWriter();
        RunEpoch(writer, verbose: 1, dynamic: true, steps: 5);
        string output = writer.ToString();
        Assert.StartsWith("\r", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^5/5 \[={30}\] - \d+s \d+(s|ms|us)/step - loss: 0\.9123 - categorical_accuracy: 0\.6400 *\n$"), output.Split('\r')[^1]);
    }

    [Fact]
    public void A_shorter_redraw_is_padded_to_erase_the_previous_one()
    {
        var writer = NewWriter();
        var bar = new ProgressBar(2, 1, writer, dynamic: true);
        Thread.Sleep(60);
        bar.Update(1, ["loss"], [1e15]); // "1000000000000000.0000", longer than the finished line's timing
        bar.Update(2, ["loss"], [0.5]);

        string[] frames = writer.ToString().Split('\r');
        Assert.Equal(3, frames.Length);
        string final = frames[2].TrimEnd('\n');
        Assert.True(final.Length >= frames[1].Length, $"'{final}' is shorter than the frame it overwrites, '{frames[1]}'.");
        Assert.EndsWith(" ", final, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verbose_2_prints_one_summary_line_per_epoch(bool dynamic)
    {
        var writer = NewWriter();
        RunEpoch(writer, verbose: 2, dynamic: dynamic, steps: 5);

        string output = writer.ToString();
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^5/5 - \d+s - loss: 0\.9123 - categorical_accuracy: 0\.6400 - \d+(s|ms|us)/epoch - \d+(s|ms|us)/step\n$"), output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verbose_0_prints_nothing(bool dynamic)
    {
        var writer = NewWriter();
        var bar = new ProgressBar(5, 0, writer, dynamic);
        Thread.Sleep(60);
        for (int step = 1; step <= 5; step++) bar.Update(step, Names, Values);
        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void No_metrics_prints_the_bar_alone()
    {
        var writer = NewWriter();
        var bar = new ProgressBar(3, 1, writer, dynamic: false);
        bar.Update(3, [], []);
        Assert.Matches(new Regex(@"^3/3 \[={30}\] - \d+s \d+(s|ms|us)/step\n$"), writer.ToString());
    }

    [Theory]
    [InlineData(0.91234, "0.9123")]
    [InlineData(0.64, "0.6400")]
    [InlineData(1.5, "1.5000")]
    [InlineData(12.345678, "12.3457")]
    [InlineData(-0.5, "-0.5000")]
    [InlineData(0.0011, "0.0011")]
    [InlineData(0.0001234, "1.2340e-04")]
    [InlineData(0.001, "1.0000e-03")]
    [InlineData(-0.0005, "-5.0000e-04")]
    [InlineData(1.5e-12, "1.5000e-12")]
    [InlineData(0.0, "0.0000e+00")] // Keras: abs(0) > 1e-3 is false, so '%.4e'
    [InlineData(1234567.0, "1234567.0000")]
    public void Format_value_uses_four_decimals_or_scientific_below_1e_3(double value, string expected)
        => Assert.Equal(expected, ProgressBar.FormatValue(value));

    [Fact]
    public void Is_terminal_is_false_for_any_writer_but_the_console()
        => Assert.False(ProgressBar.IsTerminal(new StringWriter()));

    private static StringWriter NewWriter() => new() { NewLine = "\n" };

    private static void RunEpoch(TextWriter writer, int verbose, bool dynamic, int steps)
    {
        var bar = new ProgressBar(steps, verbose, writer, dynamic);
        for (int step = 1; step <= steps; step++) bar.Update(step, Names, Values);
    }
}
