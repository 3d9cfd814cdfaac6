/// The physical and numerical constants of a run, fixed for its whole length.
public struct Parameters: Sendable, Equatable {
    /// The time step.
    public var timeStep: Double
    /// The Plummer softening length ε: bodies at distance r interact as if at √(r² + ε²).
    public var softening: Double
    /// The gravitational constant G.
    public var gravitationalConstant: Double

    /// Creates the constants of a run.
    public init(timeStep: Double, softening: Double, gravitationalConstant: Double) {
        self.timeStep = timeStep
        self.softening = softening
        self.gravitationalConstant = gravitationalConstant
    }
}
