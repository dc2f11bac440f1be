import Foundation
import Profiling

extension SweepFolder {
    /// Plans `spec` into `path`: the marker, header and manifest, nothing else.
    ///
    /// `path` must be new, an empty folder, or this same sweep planned before
    /// (identical manifest: it is left as it is, finished scenarios kept);
    /// anything else is refused, so a mistyped `--out` never mixes two sweeps
    /// or touches a user's files.
    /// - Throws: ``InputError`` naming the folder and why.
    public static func create(_ spec: SweepSpec, at path: String) throws(InputError) -> SweepFolder {
        let fm = FileManager.default
        guard !path.isEmpty else { throw InputError(source: "--out", "the sweep folder is empty; give a folder with --out") }
        if (try? fm.destinationOfSymbolicLink(atPath: path)) != nil {
            throw InputError(source: path, "is a symbolic link; give the folder it points to, or another --out")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let scenarios = try spec.scenarios(relativeTo: absolute)
        let workload = try WorkloadLoader.load(path: spec.workloadPath)
        let header = Header(name: spec.name, description: spec.description,
                            spec: PlanInput(path: SweepSpec.relativePath(spec.source.path, from: absolute), sha256: spec.source.sha256),
                            axes: spec.axes.map(\.key), tiers: workload.tiers.map(\.name), seed: spec.seed, scenarios: scenarios.count)
        let manifest: String
        let headerText: String
        do {
            manifest = try scenarios.map { String(decoding: try encoder().encode($0), as: UTF8.self) + "\n" }.joined()
            headerText = try JSONOutput.string(header) + "\n"
        } catch { throw InputError(source: path, "cannot encode the manifest: \(error)") }

        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw InputError(source: path, "exists and is not a folder; choose another --out") }
            let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            // Only a header and a manifest: a `sweep plan` killed before its marker, which this one finishes.
            if !contents.isEmpty, !Set(contents).isSubset(of: [headerFile, manifestFile]) {
                guard contents.contains(markerFile) else {
                    throw InputError(source: path, "is a folder with files the planner did not write (no \(markerFile)); it is left alone — choose a new or empty folder with --out")
                }
                let existing = try SweepFolder(reading: path)
                guard existing.scenarios == scenarios else {
                    throw InputError(source: path, "holds another sweep ('\(InputError.printable(existing.header.name))', \(existing.scenarios.count) scenarios) or this one planned from other inputs; choose another --out, or remove it to plan afresh")
                }
                return existing
            }
        }
        try writeAtomically(headerText, to: join(path, headerFile))
        try writeAtomically(manifest, to: join(path, manifestFile))
        // The marker last: a folder without it was never a finished `sweep plan`, and a rerun may still write it.
        try writeAtomically("planner sweep \(PlannerVersion.current)\n", to: join(path, markerFile))
        return try SweepFolder(reading: path)
    }
}
