import MPI

/// Process groups and the communicators made from them.
enum GroupScenarios {
    /// Set operations on groups, rank translation and comparison, against the arithmetic of even and
    /// odd ranks.
    static func groups() throws {
        let world = Communicator.world
        let size = try world.size
        let rank = try world.rank
        let all = try world.group()
        let (allSize, allRank) = (try all.size, try all.rank)
        try expect(allSize == size && allRank == rank, "the world group has size \(allSize), rank \(String(describing: allRank))")
        try expect(try all.compare(world.group()) == .identical, "two world groups differ")

        let evenRanks = Array(stride(from: 0, to: size, by: 2))
        let oddRanks = Array(stride(from: 1, to: size, by: 2))
        let evens = try all.including(evenRanks)
        let odds = try all.excluding(evenRanks)
        let (evensSize, evensRank) = (try evens.size, try evens.rank)
        try expect(evensSize == evenRanks.count, "the even group has \(evensSize) processes, expected \(evenRanks.count)")
        try expect(evensRank == (rank % 2 == 0 ? rank / 2 : nil),
                   "rank \(rank) has rank \(String(describing: evensRank)) among the evens")
        let (oddsSize, oddsRank) = (try odds.size, try odds.rank)
        try expect(oddsSize == oddRanks.count, "the odd group has \(oddsSize) processes, expected \(oddRanks.count)")
        try expect(oddsRank == (rank % 2 == 1 ? rank / 2 : nil),
                   "rank \(rank) has rank \(String(describing: oddsRank)) among the odds")

        // Translations: the evens' ranks are the even world ranks, and odd world ranks are not evens.
        let toWorld = try evens.translateRanks(Array(0..<evenRanks.count), to: all)
        try expect(toWorld == evenRanks.map(Optional.some), "evens translate to world ranks \(toWorld), expected \(evenRanks)")
        let toEvens = try all.translateRanks(Array(0..<size), to: evens)
        let wantedToEvens = (0..<size).map { $0 % 2 == 0 ? $0 / 2 : nil }
        try expect(toEvens == wantedToEvens, "world ranks translate to evens as \(toEvens), expected \(wantedToEvens)")
        let null = try all.translateRanks([Communicator.nullProcess], to: evens)
        try expect(null == [Communicator.nullProcess], "the null process translates to \(null)")

        // Union puts the evens first, then the odds: the same processes as the world, reordered from
        // three processes on.
        let union = try evens.union(odds)
        let unionSize = try union.size
        try expect(unionSize == size, "evens ∪ odds has \(unionSize) processes, expected \(size)")
        let unionComparison = try union.compare(all)
        try expect(unionComparison == (size <= 2 ? .identical : .similar), "evens ∪ odds compares \(unionComparison) to the world")
        let unionToWorld = try union.translateRanks(Array(0..<size), to: all)
        try expect(unionToWorld == (evenRanks + oddRanks).map(Optional.some), "evens ∪ odds is \(unionToWorld)")
        let intersectionSize = try evens.intersection(odds).size
        try expect(intersectionSize == 0, "evens ∩ odds has \(intersectionSize) processes")
        let intersectionWithAll = try all.intersection(evens).compare(evens)
        try expect(intersectionWithAll == .identical, "world ∩ evens compares \(intersectionWithAll) to the evens")
        let difference = try all.difference(evens).compare(odds)
        try expect(difference == .identical, "world ∖ evens compares \(difference) to the odds")
        let reversed = try all.including(Array((0..<size).reversed()))
        let reversedRank = try reversed.rank
        try expect(reversedRank == size - 1 - rank, "the reversed group gives rank \(String(describing: reversedRank))")
        try expect(try reversed.compare(all) == (size == 1 ? .identical : .similar), "the reversed group compares wrongly")
        if size > 1 {
            try expect(try evens.compare(odds) == .unequal, "evens and odds compare as equal")
        }
        let (emptySize, emptyRank) = (try Group.empty.size, try Group.empty.rank)
        try expect(emptySize == 0 && emptyRank == nil, "the empty group has size \(emptySize)")
        let none = try all.including([])
        try expect(try none.size == 0 && none.compare(.empty) == .identical, "including no ranks is not the empty group")

        try expectError(.rank, "including rank \(size)") { () throws(MPIError) in _ = try all.including([size]) }
        try expectError(.rank, "including rank 0 twice") { () throws(MPIError) in _ = try all.including([0, 0]) }
        try expectError(.rank, "excluding rank -3") { () throws(MPIError) in _ = try all.excluding([-3]) }
        try expectError(.rank, "translating rank \(size)") { () throws(MPIError) in
            _ = try all.translateRanks([size], to: evens)
        }
    }

    /// Communicators from groups: `create(group:)` over the world, `create(group:tag:)` by each half on
    /// its own, and the shared-memory split.
    static func communicators() throws {
        let world = Communicator.world
        let size = try world.size
        let rank = try world.rank
        let all = try world.group()
        let evenRanks = Array(stride(from: 0, to: size, by: 2))
        let evens = try all.including(evenRanks)
        let odds = try all.excluding(evenRanks)

        // Collective over the world; the odd ranks get nil.
        let evenCommunicator = try world.create(group: evens)
        try expect((evenCommunicator != nil) == (rank % 2 == 0),
                   "rank \(rank) got \(evenCommunicator == nil ? "no" : "a") communicator of the evens")
        if let evenCommunicator {
            let (evenSize, evenRank) = (try evenCommunicator.size, try evenCommunicator.rank)
            try expect(evenSize == evenRanks.count && evenRank == rank / 2,
                       "the evens' communicator has size \(evenSize) and rank \(evenRank)")
            let sum = try evenCommunicator.allReduce(rank, .sum)
            try expect(sum == evenRanks.reduce(0, +), "the evens sum their world ranks to \(sum)")
        }

        // Each half creates its own communicator without the other half taking part.
        let mine = rank % 2 == 0 ? evens : odds
        guard let half = try world.create(group: mine, tag: 7) else {
            throw ScenarioFailure("create(group:tag:) gave a member no communicator")
        }
        let halfSize = try half.size
        try expect(halfSize == (rank % 2 == 0 ? evenRanks.count : size - evenRanks.count),
                   "rank \(rank)'s half has \(halfSize) processes")
        let halfSum = try half.allReduce(rank, .sum)
        try expect(halfSum == stride(from: rank % 2, to: size, by: 2).reduce(0, +), "rank \(rank)'s half sums to \(halfSum)")
        try expect(try world.create(group: .empty, tag: 8) == nil, "creating from the empty group gave a communicator")

        // One machine: every process shares memory with every other; the key reverses the order.
        let shared = try world.splitShared(key: size - rank)
        let (sharedSize, sharedRank) = (try shared.size, try shared.rank)
        try expect(sharedSize == size, "splitShared gave \(sharedSize) processes, expected all \(size) on one machine")
        try expect(sharedRank == size - 1 - rank, "splitShared with a reversing key gave rank \(sharedRank)")
    }
}
