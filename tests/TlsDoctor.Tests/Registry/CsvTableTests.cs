using Microsoft.VisualBasic.FileIO;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Registry;

/// <summary>The CSV reader of every data table: RFC 4180 cases, and every data file read as the base library's TextFieldParser reads it.</summary>
public class CsvTableTests
{
    [Theory]
    [InlineData("a,b\n1,2\n", "1|2")]
    [InlineData("a,b\r\n1,2\r\n", "1|2")]
    [InlineData("a,b\n1,2", "1|2")]
    [InlineData("a,b\n,\n", "|")]
    [InlineData("a,b,c\n1,,3\n", "1||3")]
    [InlineData("a,b\n1,\n", "1|")]
    [InlineData("a,b\n\"x,y\",2\n", "x,y|2")]
    [InlineData("a,b\n\"say \"\"hi\"\"\",2\n", "say \"hi\"|2")]
    [InlineData("a,b\n\"two\nlines\",2\n", "two\nlines|2")]
    [InlineData("a,b\n\"\",2\n", "|2")]
    [InlineData("a,b\n\n1,2\n\n", "1|2")]
    [InlineData("\uFEFFa,b\n1,2\n", "1|2")]
    [InlineData("a,b\nÉtoile,\"ü,\"\"ß\"\"\"\n", "Étoile|ü,\"ß\"")]
    [InlineData("a,b\n\"x\"tail,2\n", "xtail|2")]
    public void Reads_fields_as_RFC_4180_says(string text, string expected)
    {
        var table = CsvTable.Parse(text);
        Assert.Equal(new[] { "a", "b", "c" }[..table.Header.Count], table.Header);
        var row = Assert.Single(table.Rows);
        Assert.Equal(expected, string.Join("|", table.Fields(row)));
    }

    [Fact]
    public void Empty_text_is_an_error() => Assert.Throws<InvalidDataException>(() => CsvTable.Parse("\n\n"));

    public static TheoryData<string> DataFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Repo("data"), "*.csv", System.IO.SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Repo(""), f));
        return data;
    }

    [Theory]
    [MemberData(nameof(DataFiles))]
    public void Every_data_file_reads_as_the_base_librarys_field_parser_reads_it(string file)
    {
        var path = RepoPaths.Repo(file);
        var expected = new List<string[]>();
        using (var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false })
        {
            parser.SetDelimiters(",");
            while (!parser.EndOfData) expected.Add(parser.ReadFields()!);
        }

        var table = CsvTable.Parse(File.ReadAllText(path));
        var ours = new[] { table.Header.ToArray() }.Concat(table.Rows.Select(table.Fields)).ToArray();
        Assert.Equal(expected.Count, ours.Length);
        for (int i = 0; i < ours.Length; i++) Assert.Equal(expected[i], ours[i]);
    }
}
