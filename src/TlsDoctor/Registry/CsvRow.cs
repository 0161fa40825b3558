namespace TlsDoctor.Registry;

/// <summary>A data row of a <see cref="CsvTable"/>; its fields are read through the table (<see cref="CsvTable.Get"/>).</summary>
public readonly record struct CsvRow(int Index);
