import CGLPK
import Foundation
import Profiling

/// Solves ``LinearModel``s with GLPK's branch-and-cut.
///
/// Every GLPK object lives inside one call and is freed on every path.
/// GLPK's terminal output is switched off unless ``SolverOptions/verbose``
/// asks for it, so nothing reaches standard output behind the caller's back.
public enum GLPKSolver {
    /// Solves the LP relaxation, then the MIP with GLPK's presolver.
    /// Complexity: that of branch-and-cut; bounded by `options.timeLimitSeconds`.
    public static func solve(_ model: LinearModel, options: SolverOptions = .init()) throws(SolverError) -> MIPSolution {
        try model.validate()
        let problem = Problem()
        problem.load(model)
        return try problem.solve(options: options)
    }

    /// Writes the model in CPLEX LP format, readable by GLPK, CPLEX, HiGHS and others.
    /// Writes the model in CPLEX LP format to a new path or over an earlier model of the planner (``OwnedFile``).
    public static func writeLP(_ model: LinearModel, to path: String) throws(SolverError) {
        do { try OwnedFile.checkReplaceable(path, seal: .lpComment) } catch { throw .file(path: path, message: error.message) }
        try model.validate()
        let problem = Problem()
        problem.load(model)
        let silence = glp_term_out(GLP_OFF)
        defer { glp_term_out(silence) }
        // GLPK writes beside the target; the sealed text then replaces the target atomically.
        let target = URL(fileURLWithPath: path)
        let draft = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).lp")
        defer { try? FileManager.default.removeItem(at: draft) }
        guard glp_write_lp(problem.pointer, nil, draft.path) == 0, let text = try? String(contentsOf: draft, encoding: .utf8) else {
            throw .file(path: path, message: "GLPK could not write the LP file there (is the folder writable?)")
        }
        do { try FileSeal.lpComment.sealed(text).write(to: target, atomically: true, encoding: .utf8) } catch {
            throw .file(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a CPLEX LP file and solves it as it stands (variable order is GLPK's).
    public static func solveLPFile(at path: String, options: SolverOptions = .init()) throws(SolverError) -> MIPSolution {
        let problem = Problem()
        let silence = glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
        defer { glp_term_out(silence) }
        if glp_read_lp(problem.pointer, nil, path) != 0 {
            throw .file(path: path, message: "GLPK could not read this file as CPLEX LP format")
        }
        return try problem.solve(options: options)
    }
}

/// Owns one `glp_prob` and deletes it in `deinit`.
private final class Problem {
    let pointer: OpaquePointer

    init() { pointer = glp_create_prob() }
    deinit { glp_delete_prob(pointer) }

    func load(_ model: LinearModel) {
        glp_set_prob_name(pointer, model.name)
        glp_set_obj_dir(pointer, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        if !model.variables.isEmpty { glp_add_cols(pointer, Int32(model.variables.count)) }
        for (j, v) in model.variables.enumerated() {
            let col = Int32(j + 1)
            glp_set_col_name(pointer, col, Self.lpSafe(v.name))
            let (type, lb, ub) = Self.bounds(v.lower, v.upper)
            glp_set_col_bnds(pointer, col, type, lb, ub)
            glp_set_obj_coef(pointer, col, v.objective)
            if v.kind == .integer { glp_set_col_kind(pointer, col, GLP_IV) }
        }
        if !model.constraints.isEmpty { glp_add_rows(pointer, Int32(model.constraints.count)) }
        // GLPK's sparse arrays are 1-based; index 0 is ignored.
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, row) in model.constraints.enumerated() {
            let r = Int32(i + 1)
            glp_set_row_name(pointer, r, Self.lpSafe(row.name))
            let (type, lb, ub) = Self.bounds(row.lower, row.upper)
            glp_set_row_bnds(pointer, r, type, lb, ub)
            for term in row.terms {
                ia.append(r); ja.append(Int32(term.variable + 1)); ar.append(term.coefficient)
            }
        }
        glp_load_matrix(pointer, Int32(ia.count - 1), ia, ja, ar)
    }

    func solve(options: SolverOptions) throws(SolverError) -> MIPSolution {
        let silence = glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
        defer { glp_term_out(silence) }
        let start = DispatchTime.now().uptimeNanoseconds

        var lp = glp_smcp()
        glp_init_smcp(&lp)
        lp.presolve = GLP_ON
        lp.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        let lpCode = glp_simplex(pointer, &lp)
        var relaxation: Double? = nil
        if lpCode == 0 {
            switch glp_get_status(pointer) {
            case GLP_OPT: relaxation = glp_get_obj_val(pointer)
            case GLP_NOFEAS: return empty(.infeasible, relaxation: nil, start: start)
            case GLP_UNBND: return empty(.unbounded, relaxation: nil, start: start)
            default: break
            }
        } else if lpCode == GLP_ENOPFS {
            return empty(.infeasible, relaxation: nil, start: start)
        } else if lpCode == GLP_ENODFS {
            return empty(.unbounded, relaxation: nil, start: start)
        } else {
            throw .glpkFailure(routine: "glp_simplex", code: lpCode)
        }

        var mip = glp_iocp()
        glp_init_iocp(&mip)
        mip.presolve = options.presolve ? GLP_ON : GLP_OFF
        mip.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        // A non-finite or huge limit means "as long as GLPK's counter allows" (about 24 days).
        let limitMs = options.timeLimitSeconds.isFinite ? min(max(options.timeLimitSeconds * 1000, 1), Double(Int32.max)) : Double(Int32.max)
        mip.tm_lim = Int32(limitMs.rounded(.down))
        mip.mip_gap = options.relativeGap
        let code = glp_intopt(pointer, &mip)
        let status: MIPSolution.Status
        switch code {
        case 0: status = glp_mip_status(pointer) == GLP_OPT ? (options.relativeGap > 0 ? .feasibleWithinGap : .optimal) : .infeasible
        case GLP_EMIPGAP: status = .feasibleWithinGap
        case GLP_ETMLIM: status = .timeLimit
        case GLP_ENOPFS: status = .infeasible
        case GLP_ENODFS: status = .unbounded
        default: throw .glpkFailure(routine: "glp_intopt", code: code)
        }
        let found = glp_mip_status(pointer)
        guard found == GLP_OPT || found == GLP_FEAS else {
            return empty(status == .timeLimit ? .timeLimit : .infeasible, relaxation: relaxation, start: start)
        }
        let n = Int(glp_get_num_cols(pointer))
        let values = (0..<n).map { glp_mip_col_val(pointer, Int32($0 + 1)) }
        return MIPSolution(status: status, objective: glp_mip_obj_val(pointer), relaxation: relaxation,
                           values: values, solveSeconds: elapsed(start))
    }

    private func empty(_ status: MIPSolution.Status, relaxation: Double?, start: UInt64) -> MIPSolution {
        MIPSolution(status: status, objective: nil, relaxation: relaxation, values: [], solveSeconds: elapsed(start))
    }

    private func elapsed(_ start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func bounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (GLP_FR, 0, 0)
        case (true, false): (GLP_LO, lower, 0)
        case (false, true): (GLP_UP, 0, upper)
        case (true, true): lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }

    /// CPLEX LP names allow letters, digits and a few symbols, at most 255 characters.
    private static func lpSafe(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.[]")
        var safe = String(name.map { allowed.contains($0) ? $0 : "_" }.prefix(255))
        if safe.isEmpty || safe.first!.isNumber || safe.first == "." { safe = "v" + safe }
        return safe
    }
}
