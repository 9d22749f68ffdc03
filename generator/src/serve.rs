//! `gongshi serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds when `content/` or `site/` changes and reloads the browser. While
//! the content is broken, the last good build keeps being served and the
//! errors are shown in the terminal and over the page.

use crate::diagnostics::{Diagnostic, Format, Reporter};
use crate::output::{Contents, Output};
use crate::{build_in_memory, BuildOptions, Fatal};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Path the live-reload script polls; outside any site path.
const EVENTS_PATH: &str = "/__gongshi/events";
/// Quiet time after a file event before rebuilding.
const SETTLE: Duration = Duration::from_millis(50);
/// How long a poll waits for a change before answering "nothing new".
const POLL_TIMEOUT: Duration = Duration::from_secs(25);

#[derive(Default)]
struct State {
    output: Output,
    /// Bumped on every rebuild, good or bad.
    generation: u64,
    /// Errors of the latest rebuild, as lines; empty when it succeeded.
    errors: Vec<String>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// Serves `root` on 127.0.0.1:`port` (0 picks a free port) until killed;
/// `drafts` shows draft notices too.
pub fn serve(root: &Path, port: u16, drafts: bool) -> Result<(), Fatal> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| Fatal(format!("无法在 127.0.0.1:{port} 上启动预览服务器：{e}")))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Fatal("预览服务器没有 IP 地址".into()))?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(format!("http://{address}/")),
        build_date: crate::build_date_from_env()?,
        drafts,
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
    });
    // Watch before the first build, so that no edit made meanwhile is lost.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| Fatal(format!("无法监视文件变化：{e}")))?;
    for dir in ["content", "site"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Fatal(format!("无法监视 {}：{e}", path.display())))?;
        }
    }
    rebuild(&options, &shared)?;
    println!("正在预览：http://{address}/  （按 Ctrl+C 停止）");

    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Ok(event) = rx.recv() {
                if !is_edit(&event) {
                    continue;
                }
                // An editor's save is often several events (write, rename,
                // chmod): let them settle, then rebuild once.
                while rx.recv_timeout(SETTLE).is_ok() {}
                if let Err(e) = rebuild(&options, &shared) {
                    eprintln!("重新生成失败：{e}");
                }
            }
        });
    }
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || respond(request, &shared));
    }
    Ok(())
}

/// Whether a watcher event is an edit. Reads (`Access` events, which the
/// build itself causes) must not trigger a rebuild, or it would never stop.
fn is_edit(event: &notify::Result<notify::Event>) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    match event {
        Ok(e) => match e.kind {
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => {
                true
            }
            EventKind::Access(_) | EventKind::Other => false,
        },
        Err(_) => false,
    }
}

fn rebuild(options: &BuildOptions, shared: &Shared) -> Result<(), Fatal> {
    let started = std::time::Instant::now();
    let built = build_in_memory(options)?;
    let publishable = built.is_publishable();
    let diagnostics = built.diagnostics.into_sorted();
    Reporter::new(Format::Human, &options.root).report(&diagnostics);
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.generation += 1;
    if publishable {
        state.output = built.output;
        state.errors.clear();
        eprintln!("已生成（{} 毫秒）", started.elapsed().as_millis());
    } else {
        state.errors = diagnostics
            .iter()
            .filter(|d| d.severity() == crate::diagnostics::Severity::Error)
            .map(overlay_line)
            .collect();
        eprintln!("内容有错误，继续显示上一次成功生成的网站");
    }
    shared.changed.notify_all();
    Ok(())
}

fn overlay_line(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{} [{}] {}",
        d.location.file.display(),
        d.location.line,
        d.location.column,
        d.code.id(),
        d.message
    )
}

fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let response = if path == EVENTS_PATH {
        events(shared, query)
    } else {
        page(shared, path)
    };
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are ASCII")
}

fn events(shared: &Shared, query: &str) -> Response {
    let since: u64 = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, POLL_TIMEOUT, |s| s.generation <= since)
        .unwrap_or_else(|e| e.into_inner());
    let body = serde_json::json!({ "generation": state.generation, "errors": state.errors });
    tiny_http::Response::from_data(body.to_string().into_bytes())
        .with_header(header("Content-Type", "application/json; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn page(shared: &Shared, raw_path: &str) -> Response {
    let decoded = percent_encoding::percent_decode_str(raw_path).decode_utf8_lossy();
    let relative = decoded.trim_start_matches('/');
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let generation = state.generation;
    let candidates = if relative.is_empty() || relative.ends_with('/') {
        vec![format!("{relative}index.html")]
    } else {
        vec![relative.to_string(), format!("{relative}/index.html")]
    };
    let found = candidates
        .iter()
        .find_map(|c| state.output.get(c).map(|contents| (c, contents)));
    let (status, name, bytes) = match found {
        Some((name, _))
            if !relative.is_empty()
                && name.ends_with("/index.html")
                && !relative.ends_with('/') =>
        {
            return tiny_http::Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header("Location", &format!("{raw_path}/")));
        }
        Some((name, contents)) => (200, name.clone(), read(contents)),
        None => match state.output.get("404.html") {
            Some(contents) => (404, "404.html".to_string(), read(contents)),
            None => (503, "index.html".to_string(), Vec::new()),
        },
    };
    let errors = state.errors.clone();
    drop(state);
    let content_type = content_type(&name);
    let bytes = if content_type.starts_with("text/html") {
        inject_live_reload(bytes, generation, &errors)
    } else {
        bytes
    };
    tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn read(contents: &Contents) -> Vec<u8> {
    match contents {
        Contents::Bytes(b) => b.clone(),
        Contents::Copy(path) => std::fs::read(path).unwrap_or_default(),
    }
}

/// Content types of what sites publish; `application/wasm` is required for
/// streaming compilation of the widgets.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json; charset=utf-8",
        "xml" if name.ends_with("feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script (and the error overlay when the content is
/// broken) before `</body>`.
fn inject_live_reload(html: Vec<u8>, generation: u64, errors: &[String]) -> Vec<u8> {
    let errors_json = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
    let script = format!(
        "<script>(function(){{var gen={generation};var errs={errors_json};\
function overlay(list){{var o=document.getElementById('gongshi-overlay');if(o)o.remove();if(!list.length)return;\
o=document.createElement('div');o.id='gongshi-overlay';o.setAttribute('role','alert');\
o.style.cssText='position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:16px/1.6 monospace;padding:2rem;white-space:pre-wrap';\
o.textContent='内容有错误（仍显示上一次成功生成的网站）：\\n\\n'+list.join('\\n');document.body.appendChild(o);}}\
overlay(errs);\
function poll(){{fetch('{EVENTS_PATH}?since='+gen,{{cache:'no-store'}}).then(function(r){{return r.json();}}).then(function(e){{\
if(e.generation>gen){{if(e.errors.length){{gen=e.generation;overlay(e.errors);}}else{{location.reload();return;}}}}poll();}})\
.catch(function(){{setTimeout(poll,1000);}});}}poll();}})();</script>"
    );
    let mut text = String::from_utf8_lossy(&html).into_owned();
    match text.rfind("</body>") {
        Some(i) => text.insert_str(i, &script),
        None => text.push_str(&script),
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_and_pages_have_their_types() {
        assert_eq!(
            content_type("assets/gongshi_widgets_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("a/feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
    }

    #[test]
    fn live_reload_goes_before_body_end() {
        let html = inject_live_reload(b"<p>x</p></body></html>".to_vec(), 3, &["e".into()]);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("var gen=3"));
        assert!(text.ends_with("</script></body></html>"));
    }
}
