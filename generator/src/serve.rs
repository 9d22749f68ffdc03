//! `gongshi serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds when `content/` or `site/` changes and reloads the browser. While
//! the content is broken, the last good build keeps being served and the
//! errors are shown in the terminal and over the page.
//!
//! The HTTP/1.1 server is a small one of our own, with one thread per
//! connection. A browser holds its connections open between requests (six
//! per host in Chromium), and the live-reload script holds one more in a long
//! poll; every connection must be answered however many are open. (The
//! `tiny_http` 0.12 server used before gave each connection a thread of a
//! pool for the connection's whole life, and started a new thread only when
//! no thread was idle, counting as idle the ones already handed a
//! connection but not yet awake. A burst of new connections, as a fresh
//! browser opens on its first page, went to the four threads the pool
//! starts with and the rest waited until a kept-alive connection closed: the
//! search widget's files, or the page's, could wait forever.)

use crate::diagnostics::{text, Diagnostic, Format, Lang, Reporter};
use crate::output::{Contents, Output};
use crate::preview::Preview;
use crate::{BuildOptions, Fatal};
use notify::{EventKind, RecursiveMode, Watcher};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Path the live-reload script polls; outside any site path.
const EVENTS_PATH: &str = "/__gongshi/events";
/// Quiet time after a file event before rebuilding.
const SETTLE: Duration = Duration::from_millis(50);
/// Quiet time after a rebuild before the search index catches up.
const SEARCH_AFTER: Duration = Duration::from_millis(500);
/// How long a poll waits for a change before answering "nothing new".
const POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// A connection idle this long between two requests is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);
/// A response the browser does not take within this time is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest request line plus headers accepted.
const MAX_HEAD_BYTES: u64 = 32 * 1024;
/// Longest request body read (and thrown away: only GET and HEAD are
/// answered) before the connection is closed instead.
const MAX_BODY_BYTES: u64 = 64 * 1024;

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
    /// The language of the terminal lines and of the error overlay.
    lang: Lang,
}

/// Serves `root` on 127.0.0.1:`port` (0 picks a free port) until killed;
/// `drafts` shows draft notices too. The terminal lines, the diagnostics and
/// the error overlay are in `lang`.
pub fn serve(root: &Path, port: u16, drafts: bool, lang: Lang) -> Result<(), Fatal> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Fatal(text!(
            zh: "无法在 127.0.0.1:{port} 上启动预览服务器：{e}",
            en: "cannot start the preview server on 127.0.0.1:{port}: {e}"
        ))
    })?;
    let address = listener.local_addr().map_err(|e| {
        Fatal(text!(
            zh: "预览服务器没有地址：{e}",
            en: "the preview server has no address: {e}"
        ))
    })?;
    let options = BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(format!("http://{address}/")),
        build_date: crate::build_date_from_env()?,
        drafts,
        minify: false,
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        lang,
    });
    // Watch before the first build, so that no edit made meanwhile is lost.
    // Only edits are sent on, and each raises `edit_waiting`, which stops a
    // search index refresh the edit makes stale anyway.
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let edit_waiting = Arc::new(AtomicBool::new(false));
    let handler = {
        let edit_waiting = Arc::clone(&edit_waiting);
        move |event| {
            if let Some(paths) = edited_paths(event) {
                edit_waiting.store(true, Ordering::SeqCst);
                let _ = tx.send(paths);
            }
        }
    };
    let mut watcher = notify::recommended_watcher(handler).map_err(|e| {
        Fatal(text!(
            zh: "无法监视文件变化：{e}",
            en: "cannot watch the files for changes: {e}"
        ))
    })?;
    for dir in ["content", "site"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| {
                    Fatal(text!(
                        zh: "无法监视 {}：{e}",
                        en: "cannot watch {}: {e}",
                        path.display()
                    ))
                })?;
        }
    }
    let mut preview = Preview::new(options);
    rebuild(&mut preview, Vec::new(), &shared)?;
    match lang {
        Lang::Zh => println!("正在预览：http://{address}/  （按 Ctrl+C 停止）"),
        Lang::En => println!("Previewing at http://{address}/  (Ctrl+C to stop)"),
    }

    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            // The search index follows the pages once edits pause: the edited
            // page is shown first, and an editor saving again and again is
            // not kept waiting for an index nobody has searched yet. An edit
            // saved while the index is being made stops it, to be made
            // again after the next pause.
            let mut search_behind = false;
            loop {
                let mut changed = if search_behind {
                    match rx.recv_timeout(SEARCH_AFTER) {
                        Ok(paths) => paths,
                        Err(RecvTimeoutError::Timeout) => {
                            edit_waiting.store(false, Ordering::SeqCst);
                            let stop = || edit_waiting.load(Ordering::SeqCst);
                            // Stopped: still behind, made after the next pause.
                            if let Ok(patch) = preview.refresh_search(&stop) {
                                search_behind = false;
                                if let Some(patch) = patch {
                                    let mut state =
                                        shared.state.lock().unwrap_or_else(|e| e.into_inner());
                                    patch.apply(&mut state.output);
                                }
                            }
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                } else {
                    match rx.recv() {
                        Ok(paths) => paths,
                        Err(_) => break,
                    }
                };
                // An editor's save is often several events (write, rename,
                // chmod): let them settle, then rebuild once.
                while let Ok(paths) = rx.recv_timeout(SETTLE) {
                    changed.extend(paths);
                }
                if let Err(e) = rebuild(&mut preview, changed, &shared) {
                    match shared.lang {
                        Lang::Zh => eprintln!("重新生成失败：{}", e.get(Lang::Zh)),
                        Lang::En => eprintln!("Rebuilding failed: {}", e.get(Lang::En)),
                    }
                }
                search_behind = true;
            }
        });
    }
    accept(&listener, &shared);
    Ok(())
}

/// Answers every connection on a thread of its own, for as long as it is
/// open: none waits for another, whatever the others do (keep-alive, long
/// poll).
fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors, or the client left before being
                // accepted: try again shortly rather than spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let shared = Arc::clone(shared);
        // A thread that cannot start drops its connection; the browser
        // retries.
        let _ = std::thread::Builder::new()
            .name("gongshi-serve".into())
            .spawn(move || {
                let _ = connection(stream, &shared);
            });
    }
}

/// The paths of a watcher event that is an edit. Reads (`Access` events,
/// which the build itself causes) must not trigger a rebuild, or it would
/// never stop.
fn edited_paths(event: notify::Result<notify::Event>) -> Option<Vec<PathBuf>> {
    use notify::event::{MetadataKind, ModifyKind};
    let event = event.ok()?;
    let edit = match event.kind {
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Access(_) | EventKind::Other => false,
    };
    (edit && !event.paths.is_empty()).then_some(event.paths)
}

/// Rebuilds after `changed` and serves the result, or shows its errors
/// over the last good build.
fn rebuild(preview: &mut Preview, changed: Vec<PathBuf>, shared: &Shared) -> Result<(), Fatal> {
    let started = std::time::Instant::now();
    let rebuilt = preview.rebuild(changed)?;
    let diagnostics = rebuilt.diagnostics.into_sorted();
    let lang = shared.lang;
    Reporter::new(Format::Human, preview.root(), lang).report(&diagnostics);
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.generation += 1;
    if let Some(update) = rebuilt.update {
        update.apply(&mut state.output);
        state.errors.clear();
        let millis = started.elapsed().as_millis();
        match (lang, rebuilt.incremental) {
            (Lang::Zh, false) => eprintln!("已生成（{millis} 毫秒）"),
            (Lang::Zh, true) => eprintln!("已更新（{millis} 毫秒）"),
            (Lang::En, false) => eprintln!("Built ({millis} ms)"),
            (Lang::En, true) => eprintln!("Updated ({millis} ms)"),
        }
    } else {
        state.errors = diagnostics
            .iter()
            .filter(|d| d.severity() == crate::diagnostics::Severity::Error)
            .map(|d| overlay_line(d, lang))
            .collect();
        match lang {
            Lang::Zh => eprintln!("内容有错误，继续显示上一次成功生成的网站"),
            Lang::En => eprintln!("The content has errors: still showing the last good build"),
        }
    }
    shared.changed.notify_all();
    Ok(())
}

fn overlay_line(d: &Diagnostic, lang: Lang) -> String {
    format!(
        "{}:{}:{} [{}] {}",
        d.location.file.display(),
        d.location.line,
        d.location.column,
        d.code.id(),
        d.message.get(lang)
    )
}

/// One request as the preview needs it.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    /// The request target: path and query.
    target: String,
    /// Whether the connection stays open after the response.
    keep_alive: bool,
}

/// Why a request could not be read; the connection is closed after
/// answering it.
#[derive(Debug)]
enum BadRequest {
    /// The client closed the connection, or it timed out between requests.
    Gone,
    /// The status to answer with.
    Status(u16),
}

impl From<io::Error> for BadRequest {
    fn from(_: io::Error) -> Self {
        BadRequest::Gone
    }
}

/// Serves the requests of one connection, one after another, until the
/// client closes it, asks to, or stays idle for `IDLE_TIMEOUT`.
fn connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    // Responses are written whole; no need to wait for more to send.
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        match read_request(&mut reader) {
            Ok(request) => {
                let response = if request.method == "GET" || request.method == "HEAD" {
                    respond(&request.target, shared)
                } else {
                    Response::new(405, b"only GET and HEAD\n".to_vec())
                        .with_header("Allow", "GET, HEAD")
                };
                response.write(&mut writer, request.method == "HEAD", request.keep_alive)?;
                if !request.keep_alive {
                    return Ok(());
                }
            }
            Err(BadRequest::Gone) => return Ok(()),
            Err(BadRequest::Status(status)) => {
                Response::new(status, Vec::new()).write(&mut writer, false, false)?;
                // What the client is still sending is read and dropped before
                // closing: closing with unread data would reset the
                // connection, and the client could lose the answer.
                writer.shutdown(std::net::Shutdown::Write)?;
                reader
                    .get_ref()
                    .set_read_timeout(Some(Duration::from_secs(1)))?;
                let _ = io::copy(&mut reader.take(1 << 20), &mut io::sink());
                return Ok(());
            }
        }
    }
}

/// Reads one request's head, and its body if it has a small one (which is
/// thrown away).
fn read_request(reader: &mut impl BufRead) -> Result<Request, BadRequest> {
    let mut head = reader.by_ref().take(MAX_HEAD_BYTES);
    let mut line = Vec::new();
    // A client may send empty lines before a request (RFC 9112, 2.2).
    let request_line = loop {
        line.clear();
        if head.read_until(b'\n', &mut line)? == 0 {
            return Err(BadRequest::Gone);
        }
        if !line.ends_with(b"\n") {
            return Err(if head.limit() == 0 {
                BadRequest::Status(431)
            } else {
                BadRequest::Gone
            });
        }
        let text = String::from_utf8_lossy(&line).trim().to_string();
        if !text.is_empty() {
            break text;
        }
    };
    let mut parts = request_line.split_ascii_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Status(400));
    };
    let mut keep_alive = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(BadRequest::Status(505)),
    };
    let mut body_length = 0u64;
    loop {
        line.clear();
        head.read_until(b'\n', &mut line)?;
        if !line.ends_with(b"\n") {
            return Err(if head.limit() == 0 {
                BadRequest::Status(431)
            } else {
                BadRequest::Gone
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(BadRequest::Status(400));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "connection" => {
                for token in value.split(',').map(str::trim) {
                    if token.eq_ignore_ascii_case("close") {
                        keep_alive = false;
                    } else if token.eq_ignore_ascii_case("keep-alive") {
                        keep_alive = true;
                    }
                }
            }
            "content-length" => {
                body_length = value.parse().map_err(|_| BadRequest::Status(400))?;
            }
            // A chunked body cannot be skipped without decoding it.
            "transfer-encoding" => return Err(BadRequest::Status(501)),
            _ => {}
        }
    }
    if body_length > MAX_BODY_BYTES {
        return Err(BadRequest::Status(413));
    }
    let skipped = io::copy(&mut reader.by_ref().take(body_length), &mut io::sink())?;
    if skipped < body_length {
        return Err(BadRequest::Gone);
    }
    // An absolute-form target (`http://host/path`) is reduced to its path.
    let target = match target.split_once("://") {
        Some((_, rest)) if !target.starts_with('/') => {
            rest.find('/').map_or("/", |i| &rest[i..]).to_string()
        }
        _ => target.to_string(),
    };
    Ok(Request {
        method: method.to_string(),
        target,
        keep_alive,
    })
}

/// A complete response, written at once with its length.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn with_header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }

    fn write(&self, out: &mut impl Write, head_only: bool, keep_alive: bool) -> io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            413 => "Content Too Large",
            431 => "Request Header Fields Too Large",
            501 => "Not Implemented",
            503 => "Service Unavailable",
            505 => "HTTP Version Not Supported",
            _ => "",
        };
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        if !keep_alive {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        out.write_all(&bytes)?;
        out.flush()
    }
}

fn respond(target: &str, shared: &Shared) -> Response {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == EVENTS_PATH {
        events(shared, query)
    } else {
        page(shared, path)
    }
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
    Response::new(200, body.to_string().into_bytes())
        .with_header("Content-Type", "application/json; charset=utf-8")
        .with_header("Cache-Control", "no-store")
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
            return Response::new(301, Vec::new()).with_header("Location", &format!("{raw_path}/"));
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
        inject_live_reload(bytes, generation, &errors, shared.lang)
    } else {
        bytes
    };
    Response::new(status, bytes)
        .with_header("Content-Type", content_type)
        .with_header("Cache-Control", "no-store")
}

fn read(contents: &Contents) -> Vec<u8> {
    match contents {
        Contents::Bytes(b) => b.clone(),
        Contents::Copy(path) => std::fs::read(path).unwrap_or_default(),
        // Only `build` spills; the preview keeps every file in memory.
        Contents::Spilled(_) => Vec::new(),
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
/// broken) before `</body>`, or at the end of a page that leaves it out
/// (HTML allows it; the browser puts the script in the body all the same).
fn inject_live_reload(html: Vec<u8>, generation: u64, errors: &[String], lang: Lang) -> Vec<u8> {
    let errors_json = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
    let heading = match lang {
        Lang::Zh => "内容有错误（仍显示上一次成功生成的网站）：",
        Lang::En => "The content has errors (the last good build is still shown):",
    };
    // A JSON string is a JavaScript string: quoted and escaped.
    let heading_json = serde_json::to_string(heading).expect("a string serializes");
    let script = format!(
        "<script>(function(){{var gen={generation};var errs={errors_json};\
function overlay(list){{var o=document.getElementById('gongshi-overlay');if(o)o.remove();if(!list.length)return;\
o=document.createElement('div');o.id='gongshi-overlay';o.setAttribute('role','alert');\
o.style.cssText='position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:16px/1.6 monospace;padding:2rem;white-space:pre-wrap';\
o.textContent={heading_json}+'\\n\\n'+list.join('\\n');document.body.appendChild(o);}}\
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

    /// A preview server over a small site, on a free port, answering as
    /// `serve` does.
    fn preview() -> (std::net::SocketAddr, Arc<Shared>) {
        let mut output = Output::new();
        for (name, body) in [
            ("index.html", "<p>home</p></body>"),
            ("a/index.html", "<p>a</p></body>"),
            ("_gongshi/search.js", "export {}"),
            ("404.html", "<p>not here</p></body>"),
        ] {
            output.insert(name.into(), Contents::Bytes(body.as_bytes().to_vec()));
        }
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                output,
                generation: 1,
                errors: Vec::new(),
            }),
            changed: Condvar::new(),
            lang: Lang::Zh,
        });
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let address = listener.local_addr().unwrap();
        let server = Arc::clone(&shared);
        std::thread::spawn(move || accept(&listener, &server));
        (address, shared)
    }

    fn connect(address: std::net::SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Reads one response: status, headers (lower-case names) and body.
    fn response(
        reader: &mut impl BufRead,
        head_only: bool,
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut line = String::new();
        reader.read_line(&mut line).expect("an answer in time");
        let status = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut headers = Vec::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            let text = line.trim_end();
            if text.is_empty() {
                break;
            }
            let (name, value) = text.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; if head_only { 0 } else { length }];
        reader.read_exact(&mut body).unwrap();
        (status, headers, body)
    }

    fn get(stream: &mut TcpStream, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        response(&mut BufReader::new(stream), false)
    }

    #[test]
    fn a_burst_of_kept_alive_connections_and_a_long_poll_are_all_answered() {
        // What a fresh browser does on its first page: open many connections
        // at once and keep them open, one of them in the live-reload poll.
        // Every request must be answered while the others stay open.
        let (address, _shared) = preview();
        let mut poll = connect(address);
        write!(
            poll,
            "GET {EVENTS_PATH}?since=1 HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        let mut open: Vec<TcpStream> = (0..16).map(|_| connect(address)).collect();
        for (i, stream) in open.iter_mut().enumerate() {
            write!(
                stream,
                "GET /_gongshi/search.js?{i} HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            .unwrap();
        }
        for stream in &mut open {
            let (status, _, body) =
                response(&mut BufReader::new(stream.try_clone().unwrap()), false);
            assert_eq!((status, body.as_slice()), (200, &b"export {}"[..]));
        }
        // And again on the same connections, kept alive.
        for stream in &mut open {
            assert_eq!(get(stream, "/a/").0, 200);
        }
    }

    #[test]
    fn the_long_poll_answers_when_the_site_is_rebuilt() {
        let (address, shared) = preview();
        let mut poll = connect(address);
        write!(
            poll,
            "GET {EVENTS_PATH}?since=1 HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        {
            let mut state = shared.state.lock().unwrap();
            state.generation = 2;
            state.errors = vec!["content/a.md:1:1 [GS001] 错误".into()];
        }
        shared.changed.notify_all();
        let (status, _, body) = response(&mut BufReader::new(&mut poll), false);
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["generation"], 2);
        assert_eq!(json["errors"][0], "content/a.md:1:1 [GS001] 错误");
    }

    #[test]
    fn pages_redirects_missing_files_and_methods() {
        let (address, _shared) = preview();
        let mut stream = connect(address);
        let (status, headers, body) = get(&mut stream, "/");
        assert_eq!(status, 200);
        assert!(headers.contains(&("content-type".into(), "text/html; charset=utf-8".into())));
        assert!(headers.contains(&("cache-control".into(), "no-store".into())));
        assert!(String::from_utf8(body).unwrap().contains("var gen=1"));
        let (status, headers, _) = get(&mut stream, "/a?x=1");
        assert_eq!(status, 301);
        assert!(headers.contains(&("location".into(), "/a/".into())));
        let (status, _, body) = get(&mut stream, "/nowhere/");
        assert_eq!(status, 404);
        assert!(String::from_utf8(body).unwrap().contains("not here"));
        // HEAD: the length, no body; the connection goes on.
        write!(
            stream,
            "HEAD /_gongshi/search.js HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        let (status, headers, _) = response(&mut BufReader::new(&mut stream), true);
        assert_eq!(status, 200);
        assert!(headers.contains(&("content-length".into(), "9".into())));
        // A body is skipped, and the next request on the connection read.
        write!(
            stream,
            "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /a/ HTTP/1.1\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(&mut stream);
        assert_eq!(response(&mut reader, false).0, 405);
        assert_eq!(response(&mut reader, false).0, 200);
        // `Connection: close` is honoured.
        write!(stream, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut reader = BufReader::new(&mut stream);
        let (status, headers, _) = response(&mut reader, false);
        assert_eq!(status, 200);
        assert!(headers.contains(&("connection".into(), "close".into())));
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "closed after the response");
    }

    #[test]
    fn malformed_requests_get_an_error_and_a_closed_connection() {
        let (address, _shared) = preview();
        for (request, status) in [
            ("NONSENSE\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
            ("GET / HTTP/1.1\r\nno colon\r\n\r\n", 400),
        ] {
            let mut stream = connect(address);
            stream.write_all(request.as_bytes()).unwrap();
            let mut reader = BufReader::new(&mut stream);
            assert_eq!(response(&mut reader, false).0, status, "{request:?}");
            let mut rest = Vec::new();
            reader.read_to_end(&mut rest).unwrap();
            assert!(rest.is_empty());
        }
        let mut stream = connect(address);
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(40 * 1024));
        let _ = stream.write_all(huge.as_bytes());
        assert_eq!(response(&mut BufReader::new(&mut stream), false).0, 431);
    }

    #[test]
    fn live_reload_goes_before_body_end() {
        let html = inject_live_reload(
            b"<p>x</p></body></html>".to_vec(),
            3,
            &["e".into()],
            Lang::Zh,
        );
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("var gen=3"));
        assert!(text.ends_with("</script></body></html>"));
        assert!(text.contains("o.textContent=\"内容有错误（仍显示上一次成功生成的网站）：\"+"));
        let html = inject_live_reload(b"</body>".to_vec(), 3, &[], Lang::En);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains(
            "o.textContent=\"The content has errors (the last good build is still shown):\"+"
        ));
        let html = inject_live_reload(b"<!doctype html><p id=x>y".to_vec(), 3, &[], Lang::En);
        let text = String::from_utf8(html).unwrap();
        assert!(text.starts_with("<!doctype html><p id=x>y<script>"));
        assert!(text.ends_with("</script>"));
    }
}
