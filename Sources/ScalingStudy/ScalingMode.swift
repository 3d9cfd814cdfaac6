/// How the problem size follows the rank count in a scaling study.
public enum ScalingMode: String, CaseIterable, Sendable {
    /// The same global problem at every rank count: the time should fall as 1/p.
    case strong
    /// The same work per rank at every rank count: the global problem grows with p, and the time should
    /// stay constant.
    case weak
}
