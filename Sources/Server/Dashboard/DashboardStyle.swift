// The dashboard's one stylesheet, compiled into the binary: nothing is fetched from elsewhere.
import Hummingbird

enum DashboardStyle {
    static let path = "/ui/static/style.css"

    static func response() -> Response {
        var r = JSONResponse.text(css, contentType: "text/css; charset=utf-8")
        r.headers[.cacheControl] = "public, max-age=3600"
        return r
    }

    static let css = """
        :root { --ink: #1d2433; --muted: #5b6475; --line: #d8dde6; --bg: #f5f7fa; --card: #fff; --accent: #1f5fbf; --bad: #b3261e; --ok: #1e7a3c; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        header.top { display: flex; align-items: center; gap: 1.5rem; padding: .5rem 1.25rem; background: #14213d; color: #fff; }
        header.top a { color: #dfe7f5; text-decoration: none; }
        header.top a.brand { font-weight: 700; color: #fff; font-size: 1.1rem; }
        header.top nav { display: flex; gap: 1rem; flex: 1; }
        header.top nav a[aria-current=page] { color: #fff; border-bottom: 2px solid #ffb703; }
        header.top .user { display: flex; gap: .75rem; align-items: center; }
        header.top .user button { background: transparent; color: #dfe7f5; border: 1px solid #50617f; }
        main { padding: 1rem 1.25rem 3rem; max-width: 1400px; }
        h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .75rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
        .card .value { font-size: 1.5rem; font-weight: 600; }
        .card .label { color: var(--muted); font-size: .85rem; }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1rem; }
        .panel { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
        input, select, textarea, button { font: inherit; padding: .3rem .45rem; border: 1px solid #aab3c2; border-radius: 4px; }
        button, .button { background: var(--accent); color: #fff; border: 1px solid var(--accent); cursor: pointer; text-decoration: none; padding: .3rem .7rem; border-radius: 4px; display: inline-block; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        form.inline { display: inline; }
        textarea { width: 100%; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
        pre { background: #0f172a; color: #e2e8f0; padding: .75rem; border-radius: 6px; overflow-x: auto; }
        .error { border-left: 4px solid var(--bad); background: #fdecea; padding: .5rem 1rem; margin: .5rem 0 1rem; }
        .error pre { background: #fff5f4; color: var(--bad); }
        .notice { border-left: 4px solid var(--ok); background: #e8f5ec; padding: .5rem 1rem; margin: .5rem 0 1rem; }
        .muted { color: var(--muted); }
        .badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; background: #e6ebf3; }
        .badge.open { background: #fde7c8; } .badge.investigating { background: #dbe8ff; } .badge.escalated { background: #fbd5d2; } .badge.dismissed { background: #e3e6ea; }
        .risk-high { color: var(--bad); font-weight: 600; } .risk-medium { color: #a15c00; } .risk-low { color: var(--ok); }
        .pager { display: flex; gap: .75rem; align-items: center; margin: .75rem 0; }
        .network svg { max-width: 100%; height: auto; }
        svg.chart text { font: 11px system-ui, sans-serif; fill: #334; }
        svg.chart .axis line, svg.chart .axis path { stroke: #889; }
        svg.chart .grid line { stroke: #e4e7ee; }
        .login { max-width: 360px; margin: 3rem auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem; }
        .login label { display: block; margin: .5rem 0; } .login input { width: 100%; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dl.facts dt { color: var(--muted); }
        """
}
