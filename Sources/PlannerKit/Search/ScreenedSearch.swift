/// What a ``ScreenedSearch`` needs to know of one evaluation of a point.
public protocol SearchVerdict: Sendable {
    /// Whether every tier met its target in every replication run.
    var meets: Bool { get }
    /// The tier furthest below its target, when one misses.
    var bindingTier: String? { get }
    /// Replications run (one for a screen; fewer than asked when it stopped at the first miss).
    var replicationsRun: Int { get }
    /// The index of the tier with the lowest margin to its target.
    var mostMissingTier: Int? { get }
    /// The lowest margin of a tier above (positive) or below (negative) its target.
    var lowestMargin: Double { get }
}

/// A space of fleets a ``ScreenedSearch`` walks: what a point is, how to
/// evaluate one, and the three moves.
///
/// Every move is a pure function of the point and what has been screened, so
/// a space holds no search state and a search is deterministic.
public protocol ScreenedSearchSpace: Sendable {
    associatedtype Point: Hashable & Sendable
    associatedtype Verdict: SearchVerdict

    /// The point a search from `start` begins at (clamped to the space).
    func first(from start: Point) -> Point
    /// Evaluates `point`: with the first replication only when `screen`, else with every one.
    func evaluate(_ point: Point, screen: Bool) throws -> Verdict
    /// The next, larger point after `point` missed (`verdict`); `nil` at the
    /// space's maximum. `screen` evaluates (and remembers) any point the move
    /// needs to compare.
    func grow(from point: Point, missed verdict: Verdict, screen: (Point) throws -> Verdict) throws -> Point?
    /// Smaller or cheaper points to try from `point`, a point that meets, in
    /// the order to try them; the search moves to the first that meets and
    /// asks again. Empty when the descent is over.
    func descents(from point: Point, start: Point, screened: [Point: Verdict]) -> [Point]
    /// The point to confirm after `point` missed a replication; `nil` at the maximum.
    func regrow(from point: Point, missed verdict: Verdict, screen: (Point) throws -> Verdict) throws -> Point?
}

extension ScreenedSearchSpace {
    public func regrow(from point: Point, missed verdict: Verdict, screen: (Point) throws -> Verdict) throws -> Point? {
        try grow(from: point, missed: verdict, screen: screen)
    }
}

/// Screen, then confirm: the one search every plan kind sizes its fleet with.
///
/// 1. **Grow**: from the start, while the first replication alone (the
///    screen) misses, move to the space's next larger point.
/// 2. **Descend**: ask the space for smaller or cheaper points, screen them in
///    its order and move to the first that meets; repeat until the space has
///    none, or a pass screens nothing new and none meets.
/// 3. **Confirm**: evaluate the point with every replication; while one
///    misses, move to the space's next larger point and confirm again.
///
/// Screening makes a failing point cost one run and a passing one one run
/// until the last, which costs one per replication; every point is screened
/// at most once. The answer met every tier's target in every replication, and
/// no descent the space offers from it met with the first seed.
public struct ScreenedSearch<Space: ScreenedSearchSpace>: Sendable {
    public var space: Space

    public init(space: Space) { self.space = space }

    public enum Phase: String, Sendable, Codable { case grow, descend, confirm }

    /// One evaluation the search ran, in order.
    public struct Step: Sendable {
        public var phase: Phase
        public var point: Space.Point
        public var verdict: Space.Verdict
    }

    public struct Outcome: Sendable {
        /// The answer; `nil` when the space's maximum misses.
        public var point: Space.Point?
        /// Every replication at `point`, or the last evaluation when there is no answer.
        public var verdict: Space.Verdict
        /// The most recent evaluation that missed before the answer was confirmed
        /// (for a size, the one at the size below); `nil` when none missed.
        public var lastMiss: Space.Verdict?
        /// Every evaluation, screens and confirmations, in the order run.
        public var steps: [Step]
    }

    /// Searches from `start`.
    ///
    /// - Complexity: one evaluation per distinct point screened, plus one per confirmation.
    public func run(from start: Point) throws -> Outcome {
        var screened: [Space.Point: Space.Verdict] = [:]
        var steps: [Step] = []
        var lastMiss: Space.Verdict? = nil
        func screen(_ p: Space.Point, _ phase: Phase) throws -> (Space.Verdict, fresh: Bool) {
            if let known = screened[p] { return (known, false) }
            let v = try space.evaluate(p, screen: true)
            screened[p] = v
            steps.append(Step(phase: phase, point: p, verdict: v))
            return (v, true)
        }
        let growScreen = { (p: Space.Point) throws -> Space.Verdict in try screen(p, .grow).0 }

        let first = space.first(from: start)
        var point = first
        while true {
            let v = try screen(point, .grow).0
            if v.meets { break }
            lastMiss = v
            guard let next = try space.grow(from: point, missed: v, screen: growScreen) else {
                return Outcome(point: nil, verdict: v, lastMiss: lastMiss, steps: steps)
            }
            point = next
        }
        descent: while true {
            var freshScreen = false
            for candidate in space.descents(from: point, start: first, screened: screened) {
                let (v, fresh) = try screen(candidate, .descend)
                freshScreen = freshScreen || fresh
                if v.meets { point = candidate; continue descent }
                lastMiss = v
            }
            if !freshScreen { break }
        }
        while true {
            let v = try space.evaluate(point, screen: false)
            steps.append(Step(phase: .confirm, point: point, verdict: v))
            if v.meets { return Outcome(point: point, verdict: v, lastMiss: lastMiss, steps: steps) }
            lastMiss = v
            guard let next = try space.regrow(from: point, missed: v, screen: growScreen) else {
                return Outcome(point: nil, verdict: v, lastMiss: lastMiss, steps: steps)
            }
            point = next
        }
    }

    public typealias Point = Space.Point
}
