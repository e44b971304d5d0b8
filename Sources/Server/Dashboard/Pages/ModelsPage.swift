// `/ui/models`: training runs with their metrics and which one is promoted;
// `/ui/models/{run}`: ROC and precision-recall curves and feature importance as SVG charts;
// `POST /ui/models/{run}/promote` (admins).
import Foundation
import Hummingbird
import Investigation
import RiskModels

struct ModelsPage {
    let services: AppServices
    static let shownFeatures = 15

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/ui/models", use: list)
        router.get("/ui/models/{run}", use: show)
        router.post("/ui/models/{run}/promote", use: promote)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.viewer)
        let registry = services.workspace.models
        let runs = try await Blocking.run { try registry.list() }
        let rows: [HTML] = runs.map { r in
            let m = r.metrics
            return """
                <tr><td><a href="/ui/models/\(HTML.urlComponent(r.runID))">\(r.runID)</a></td><td>\(r.kind)</td><td>\(DashboardText.dateTime(r.createdAt))</td>
                <td class="num">\(DashboardText.score(m.prAUC))</td><td class="num">\(DashboardText.score(m.rocAUC))</td><td class="num">\(DashboardText.score(m.f1))</td>
                <td class="num">\(DashboardText.score(m.precision))</td><td class="num">\(DashboardText.score(m.recall))</td><td class="num">\(DashboardText.score(m.recallAt1Pct))</td>
                <td class="num">\(DashboardText.count(r.testRows))</td><td>\(r.promoted ? "<strong>promoted</strong>" as HTML : .empty)</td></tr>
                """
        }
        let content: HTML = runs.isEmpty
            ? "<p class=\"muted\">No training runs yet: <code>amlgraph train --db FILE</code>.</p>"
            : """
                <table><thead><tr><th>Run</th><th>Model</th><th>Trained</th><th class="num">PR AUC</th><th class="num">ROC AUC</th><th class="num">F1</th>
                <th class="num">Precision</th><th class="num">Recall</th><th class="num">Recall at 1%</th><th class="num">Test rows</th><th></th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """
        return context.page("Models", active: "/ui/models", content)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.dashboardSession()
        _ = try context.require(.viewer)
        let id = try context.parameters.require("run")
        let registry = services.workspace.models
        let (run, importance) = try await Blocking.run { () -> (ModelRun, [(String, Double)]) in
            let run = try registry.show(id)
            // Importance needs the model file; a run whose file is gone still shows its curves.
            let artifact = try? ModelFile.read(from: run.modelPath)
            return (run, artifact.map(Self.importance) ?? [])
        }
        let rocPoints = run.curves?.roc ?? [], prPoints = run.curves?.pr ?? []
        var roc = LineChart(
            title: "ROC curve (AUC \(DashboardText.score(run.metrics.rocAUC)))", xLabel: "false positive rate", yLabel: "true positive rate",
            series: [
                .init(name: run.kind, points: rocPoints.map { ($0.x, $0.y) }),
                .init(name: "chance", points: [(0, 0), (1, 1)], reference: true),
            ]
        )
        roc.xDomain = (0, 1)
        roc.yDomain = (0, 1)
        roc.showPoints = rocPoints.count <= 60
        var pr = LineChart(
            title: "Precision-recall curve (AUC \(DashboardText.score(run.metrics.prAUC)))", xLabel: "recall", yLabel: "precision",
            series: [.init(name: run.kind, points: prPoints.map { ($0.x, $0.y) })]
        )
        pr.xDomain = (0, 1)
        pr.yDomain = (0, 1)
        pr.showPoints = prPoints.count <= 60
        let bars = BarChart(
            title: "Feature importance (\(run.kind == "gbdt" ? "total split gain" : "|standardized weight|"))", valueLabel: "importance",
            bars: importance.prefix(Self.shownFeatures).map { (label: $0.0, value: $0.1) }
        )
        var promote: HTML = .empty
        if run.promoted {
            promote = "<p><strong>This run is promoted</strong>: /predict and the account pages score with it.</p>"
        } else if session.user.role >= .admin {
            promote = """
                <form method="post" action="/ui/models/\(HTML.urlComponent(run.runID))/promote">\(DashboardLayout.csrfField(session))
                <button type="submit">Promote this run</button></form>
                """
        }
        let m = run.metrics
        let content: HTML = """
            \(promote)
            <dl class="facts"><dt>Model</dt><dd>\(run.kind)</dd><dt>Trained</dt><dd>\(DashboardText.dateTime(run.createdAt)) in \(String(format: "%.1f", run.trainSeconds)) s</dd>
            <dt>Rows</dt><dd>train \(DashboardText.count(run.trainRows)), validation \(DashboardText.count(run.validationRows)), test \(DashboardText.count(run.testRows))</dd>
            <dt>Metrics</dt><dd>PR AUC \(DashboardText.score(m.prAUC)) · ROC AUC \(DashboardText.score(m.rocAUC)) · F1 \(DashboardText.score(m.f1)) · precision \(DashboardText.score(m.precision)) · recall \(DashboardText.score(m.recall)) · threshold \(DashboardText.score(m.threshold))</dd>
            <dt>Features</dt><dd>\(run.featureSet)</dd></dl>
            <div class="grid2"><div class="panel">\(roc.svg())</div><div class="panel">\(pr.svg())</div>
            <div class="panel">\(importance.isEmpty ? "<p class=\"muted\">The model file is not readable, so no importance.</p>" as HTML : bars.svg())</div></div>
            """
        return context.page("Model run \(run.runID)", active: "/ui/models", content)
    }

    /// Features by importance, largest first.
    static func importance(_ artifact: ModelArtifact) -> [(String, Double)] {
        let pairs: [(String, Double)]
        switch artifact.model {
        case .gbdt(let m): pairs = Array(zip(m.featureNames, m.gainImportance))
        case .logreg(let m): pairs = Array(zip(m.featureNames, m.weights.map(abs)))
        // A fused model's feature-level importance is that of its gradient-boosted trees; the
        // stacker weighs model outputs and detector signals, not features.
        case .fused(let m): pairs = Array(zip(m.gbdt.featureNames, m.gbdt.gainImportance))
        // A GNN reads the graph, not feature columns: no per-feature importance.
        case .gnn: pairs = []
        }
        return pairs.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    func promote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.admin)
        let id = try context.parameters.require("run")
        context.record.note("run", id)
        let workspace = services.workspace
        try await Blocking.run {
            try workspace.models.promote(id)
            try workspace.audit.append(AuditEntry(principal: principal, action: "model.promote", resource: "models/\(id)"))
        }
        return DashboardAuth.redirect(to: "/ui/models/\(HTML.urlComponent(id))")
    }
}
