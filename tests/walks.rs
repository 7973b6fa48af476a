//! Folder walks of `copydesk check DIR` over what a newsroom's archive holds besides
//! drafts: a named pipe (which would block a reader for ever), symbolic links that lead
//! back up the tree, and second links to files and folders already seen. Each test
//! builds its folder in a fresh temporary directory and runs the built binary with a
//! deadline, so a walk that hangs fails the test instead of stalling the suite.
#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");
const DEADLINE: Duration = Duration::from_secs(60);

/// A draft with one finding: a quotation that never closes.
const DRAFT: &str = "“The port stays shut, said Ana Ruiz.\n";

fn scratch(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "copydesk-walks-{}-{}-{name}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: i32,
    /// One JSON object a line.
    files: Vec<Value>,
    stderr: String,
}

/// `copydesk check --format json DIR`, stopped (and the test failed) after the deadline.
fn check(dir: &Path) -> Run {
    let mut child = Command::new(BIN)
        .args(["check", "--format", "json"])
        .arg(dir)
        .env_remove("COPYDESK_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the copydesk binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "copydesk check {} still running after {DEADLINE:?}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Run {
        code: status.code().expect("copydesk exits with a status"),
        files: stdout
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect(),
        stderr,
    }
}

fn paths(run: &Run) -> Vec<String> {
    run.files
        .iter()
        .map(|file| file["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_named_pipe_in_a_folder_is_skipped_with_a_note() {
    let dir = scratch("pipe");
    std::fs::write(dir.join("story.md"), DRAFT).unwrap();
    let pipe = dir.join("feed.md");
    let made = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", pipe.display());

    let run = check(&dir);
    assert_eq!(paths(&run), [dir.join("story.md").display().to_string()]);
    assert_eq!(run.files[0]["diagnostics"].as_array().unwrap().len(), 1);
    assert!(
        run.stderr.contains(&format!(
            "{}: a named pipe, not a file; skipped",
            pipe.display()
        )),
        "stderr: {}",
        run.stderr
    );
    // A note, not trouble: the status is the finding's (0, a hint by default), not an
    // unreadable file's (2).
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_symbolic_link_loop_is_walked_once() {
    let dir = scratch("loop");
    let desk = dir.join("desk");
    std::fs::create_dir_all(desk.join("2026")).unwrap();
    std::fs::write(desk.join("2026/story.md"), DRAFT).unwrap();
    // desk/2026/back → desk: desk/2026/back/2026/back/… without end.
    symlink(&desk, desk.join("2026/back")).unwrap();
    // A second link to the same folder beside it, and to the same file: with both links
    // followed blindly the walk branches at every level of the loop (desk/latest/back/
    // latest/…, some 2^40 paths before the system refuses to resolve more links).
    symlink(desk.join("2026"), desk.join("latest")).unwrap();
    symlink(desk.join("2026/story.md"), desk.join("today.md")).unwrap();

    let run = check(&desk);
    assert_eq!(
        paths(&run),
        [desk.join("2026/story.md").display().to_string()],
        "each file once; stderr: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "{}: a symbolic link back to {}; not followed again",
            desk.join("2026/back").display(),
            desk.display()
        )),
        "stderr: {}",
        run.stderr
    );
    assert_eq!(run.code, 0, "a note, not trouble; stderr: {}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_link_to_itself_named_like_a_draft_is_named_and_the_walk_goes_on() {
    let dir = scratch("self");
    std::fs::write(dir.join("story.md"), DRAFT).unwrap();
    symlink(dir.join("self.md"), dir.join("self.md")).unwrap();
    let run = check(&dir);
    let listed = paths(&run);
    assert_eq!(
        listed,
        [
            dir.join("self.md").display().to_string(),
            dir.join("story.md").display().to_string()
        ]
    );
    assert!(
        run.files[0]["error"].as_str().is_some(),
        "{:?}",
        run.files[0]
    );
    assert_eq!(run.code, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
