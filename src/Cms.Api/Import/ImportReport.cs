namespace Cms.Api.Import;

/// <summary>What an import did: counts per kind, and a line per item it changed or skipped, with why.</summary>
public sealed class ImportReport
{
    public SortedDictionary<string, int> Counts { get; } = [];
    public List<string> Lines { get; } = [];

    public void Count(string what) => Counts[what] = Counts.GetValueOrDefault(what) + 1;

    public void Note(string item, string why) => Lines.Add($"{item}: {why}");

    /// <summary>What a part of the import told (a batch's writing), after what this one has.</summary>
    public void Add(ImportReport part)
    {
        foreach (var (what, count) in part.Counts)
        {
            Counts[what] = Counts.GetValueOrDefault(what) + count;
        }
        Lines.AddRange(part.Lines);
    }
}
