/// The inline style sheet every HTML report shares (no network, no script).
enum ReportStyle {
    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#212529;padding:0 16px}
        h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
        .muted{color:#6c757d}.headline{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{border:1px solid #dee2e6;border-radius:6px;padding:10px 14px;min-width:170px}.card b{display:block;font-size:22px}
        .scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums;font-size:13px}th,td{border:1px solid #dee2e6;padding:4px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}tr.total{font-weight:600;background:#f8f9fa}
        svg.chart{width:100%;max-width:900px;height:auto;display:block;margin:12px 0;font-size:11px}
        svg .title{font-size:13px;font-weight:600}svg .label{font-size:12px}svg .grid{stroke:#e9ecef}svg .axis{stroke:#495057}
        svg .reference{stroke:#c92a2a;stroke-dasharray:4 3}svg .reference-label{fill:#c92a2a}
        code{background:#f1f3f5;padding:1px 4px;border-radius:3px}td.miss{color:#c92a2a;font-weight:600}.warn{color:#c92a2a;font-weight:600}
        """
}
