/// A plain-text table with aligned columns: the first column left-aligned, the others right-aligned,
/// as suits a label followed by numbers.
public struct TextTable: Sendable {
    /// The column titles.
    public var header: [String]
    /// The cells, one array per row, as many as the header has titles.
    public var rows: [[String]]

    /// Creates a table.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The table as lines separated by `\n`, columns two spaces apart, with a rule under the header.
    public func rendered() -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in
            lines.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            widths.indices.map { column in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([format(header), rule] + rows.map(format)).joined(separator: "\n")
    }
}
