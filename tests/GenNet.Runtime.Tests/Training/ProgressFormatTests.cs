namespace GenNet.Tests.Training;

/// <summary>Number and time formats of Keras' progress bar (keras/src/utils/progbar.py).</summary>
public class ProgressFormatTests
{
    [Theory]
    [InlineData(0.29, false, "0.2900")]
    [InlineData(0.00016, false, "1.6000e-04")]
    [InlineData(-0.5, false, "-0.5000")]
    [InlineData(-0.5, true, "-5.0000e-01")]
    [InlineData(1234.56789, true, "1234.5679")]
    public void FormatValue_FollowsKerasThresholds(double value, bool verbose2, string expected) =>
        Assert.Equal(expected, ProgressBar.FormatValue(value, verbose2));

    [Theory]
    [InlineData(12.4, "12s")]
    [InlineData(65, "1:05")]
    [InlineData(3723, "1:02:03")]
    public void Eta_UsesSecondsMinutesHours(double seconds, string expected) => Assert.Equal(expected, ProgressBar.Eta(seconds));

    [Theory]
    [InlineData(0.006, "6ms/step")]
    [InlineData(0.000512, "512us/step")]
    [InlineData(2.2, "2s/step")]
    public void StepTime_PicksTheUnit(double seconds, string expected) => Assert.Equal(expected, ProgressBar.StepTime(seconds));

    [Fact]
    public void Update_Redirected_PrintsOneLinePerEpoch()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, steps: 469, verbose: 1, dynamic: false);
        var logs = new Dictionary<string, double> { ["accuracy"] = 0.91, ["loss"] = 0.29 };
        for (int step = 1; step < 469; step++) bar.Update(step, logs, ["accuracy", "loss"], finalize: false);
        logs["val_loss"] = 0.16;
        bar.Update(469, logs, ["accuracy", "loss", "val_loss"], finalize: true);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Matches(@"^469/469 ━{20} \d+s \d+(us|ms|s)/step - accuracy: 0\.9100 - loss: 0\.2900 - val_loss: 0\.1600$", lines[0]);
    }

    [Fact]
    public void Update_Verbose2_PrintsKerasPlainLine()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, steps: 8, verbose: 2, dynamic: true);
        var logs = new Dictionary<string, double> { ["loss"] = 0.25 };
        bar.Update(8, logs, ["loss"], finalize: true);
        Assert.Matches(@"^8/8 - \d+s - \d+(us|ms|s)/step - loss: 0\.2500\n$", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Update_Dynamic_RewritesTheLineWithColours()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, steps: 2, verbose: 1, dynamic: true);
        var logs = new Dictionary<string, double> { ["loss"] = 1.0 };
        bar.Update(1, logs, ["loss"], finalize: false);
        bar.Update(2, logs, ["loss"], finalize: true);
        string text = output.ToString();
        Assert.StartsWith("\r\x1b[1m1/2\x1b[0m \x1b[32m━━━━━━━━━━\x1b[0m\x1b[37m━━━━━━━━━━\x1b[0m", text);
        Assert.Contains("\b\r\x1b[1m2/2\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m", text);
        // The final line is padded with spaces when it is shorter than the one it overwrites (the step time can shrink).
        Assert.Matches(@" - loss: 1\.0000 *\n$", text);
    }
}
