using System.Text;

namespace GenNet;

/// <summary>
/// The box-drawn table of Keras' summary (rich's "heavy head" style): a heavy header, light rules between rows,
/// text left-aligned except one column (Param #), which is right-aligned. Cells too long for their column wrap at spaces
/// (so a "Connected to" list wraps after its ", ").
/// </summary>
/// <param name="headers">Column titles.</param>
/// <param name="widths">Text width of each column, without padding and borders.</param>
/// <param name="rightAligned">The right-aligned column; -1 for the last.</param>
internal sealed class SummaryTable(string[] headers, int[] widths, int rightAligned = -1)
{
    private readonly List<string[]> _rows = new();

    public void AddRow(string[] cells) => _rows.Add(cells);

    public void Render(StringBuilder s)
    {
        Rule(s, '┏', '━', '┳', '┓');
        Row(s, headers, '┃');
        Rule(s, '┡', '━', '╇', '┩');
        for (int r = 0; r < _rows.Count; r++)
        {
            Row(s, _rows[r], '│');
            if (r < _rows.Count - 1) Rule(s, '├', '─', '┼', '┤');
        }
        Rule(s, '└', '─', '┴', '┘');
    }

    private void Rule(StringBuilder s, char left, char line, char cross, char right)
    {
        s.Append(left);
        for (int c = 0; c < widths.Length; c++)
        {
            s.Append(line, widths[c] + 2);
            s.Append(c < widths.Length - 1 ? cross : right);
        }
        s.Append('\n');
    }

    private void Row(StringBuilder s, string[] cells, char border)
    {
        var wrapped = cells.Select((cell, c) => Wrap(cell, widths[c])).ToArray();
        int lines = wrapped.Max(w => w.Count);
        for (int line = 0; line < lines; line++)
        {
            s.Append(border);
            for (int c = 0; c < widths.Length; c++)
            {
                string text = line < wrapped[c].Count ? wrapped[c][line] : "";
                bool right = c == (rightAligned < 0 ? widths.Length - 1 : rightAligned);
                s.Append(' ').Append(right ? text.PadLeft(widths[c]) : text.PadRight(widths[c])).Append(' ').Append(border);
            }
            s.Append('\n');
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            string piece = word.Length > width ? word[..(width - 1)] + "…" : word;
            if (current.Length > 0 && current.Length + 1 + piece.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(piece);
        }
        lines.Add(current.ToString());
        return lines;
    }
}
