//! `copydesk check --fix`: the safe fixes (spelling unifications, stylebook forms) are
//! applied and written atomically, the unsafe ones (a speaker, a closing mark, a
//! source) never are, a file that cannot be fully processed is never touched, and
//! `--backup` keeps the original.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn copydesk(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("COPYDESK_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("run copydesk");
    Run {
        code: output.status.code().expect("an exit status"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn temp_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "copydesk-fix-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The entries of a directory, sorted (to see that no temporary file is left).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One country written two ways (inconsistent-spelling: safe), a stylebook form
/// (stylebook-spelling: safe), a quotation with no speaker and one that never closes
/// (unsafe: nothing invented), a vague source (unsafe).
const STORY: &str = "ANKARA — Turkey and its neighbours met on Monday. Officials in Turkey \
said the talks went well, and Turkiye will host the next round.\n\n\
The mayor of Kiev said the city was calm.\n\n\
“We will wait as long as it takes.”\n\n\
The minister said: “We will not negotiate.\n";

const STYLEBOOK: &str = "[stylebook]\npreferred = [\"Kyiv\"]\nreject = { \"Kiev\" = \"Kyiv\" }\n";

#[test]
fn safe_fixes_are_applied_and_unsafe_ones_never() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), STYLEBOOK).unwrap();
    let story = dir.join("story.txt");
    std::fs::write(&story, STORY).unwrap();
    std::fs::set_permissions(&story, std::fs::Permissions::from_mode(0o640)).unwrap();
    let inode = std::fs::metadata(&story).unwrap().ino();

    let run = copydesk(&dir, &["check", "--fix", "--deny", "never", "story.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = read(&story);
    assert!(fixed.contains("The mayor of Kyiv said"), "{fixed}");
    assert!(!fixed.contains("Kiev"), "{fixed}");
    // One spelling of the country throughout.
    let turkey = fixed.matches("Turkey").count();
    let turkiye = fixed.matches("Turkiye").count();
    assert!(turkey == 0 || turkiye == 0, "{fixed}");
    assert_eq!(turkey + turkiye, 3, "{fixed}");
    // Nothing invented: the unattributed quotation, the unclosed one and the vague
    // source are as they were.
    assert!(
        fixed.contains("\n\n“We will wait as long as it takes.”\n\n"),
        "{fixed}"
    );
    assert!(
        fixed.ends_with("The minister said: “We will not negotiate.\n"),
        "{fixed}"
    );
    assert!(
        fixed.contains("Officials in Turkey said") || fixed.contains("Officials in Turkiye said")
    );
    // The rest of the text is unchanged, byte for byte.
    let normalised = fixed.replace("Turkiye", "Turkey").replace("Kyiv", "Kiev");
    assert_eq!(normalised, STORY.replace("Turkiye", "Turkey"));

    // Reported, and what is left is reported on the fixed text.
    assert!(
        run.stderr.contains("story.txt: fixed 2 finding(s): ")
            && run.stderr.contains("Change to Kyiv"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("; 2 fix(es) applied in 1 file(s)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("[unattributed-quote]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("[stylebook-spelling]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("[inconsistent-spelling]"),
        "{}",
        run.stdout
    );

    // Written by rename: a new file, same permissions, no temporary file left, no
    // backup unless asked.
    let metadata = std::fs::metadata(&story).unwrap();
    assert_ne!(
        metadata.ino(),
        inode,
        "replaced by a rename, not rewritten in place"
    );
    assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
    assert_eq!(entries(&dir), ["copydesk.toml", "story.txt"]);

    // A second run has nothing left to fix and leaves the file alone.
    let run = copydesk(&dir, &["check", "--fix", "--deny", "never", "story.txt"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("; 0 fix(es) applied in 0 file(s)"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::metadata(&story).unwrap().ino(), metadata.ino());
    assert_eq!(read(&story), fixed);
}

#[test]
fn backup_keeps_the_original_beside_the_fixed_file() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), STYLEBOOK).unwrap();
    let story = dir.join("kyiv.md");
    std::fs::write(&story, "# Kiev\n\nThe mayor of Kiev spoke.\n").unwrap();
    let run = copydesk(&dir, &["check", "--fix", "--backup", "kyiv.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&story), "# Kyiv\n\nThe mayor of Kyiv spoke.\n");
    assert_eq!(
        read(&dir.join("kyiv.md.orig")),
        "# Kiev\n\nThe mayor of Kiev spoke.\n"
    );
    assert!(
        run.stderr.contains("original kept in kyiv.md.orig"),
        "{}",
        run.stderr
    );
    assert_eq!(entries(&dir), ["copydesk.toml", "kyiv.md", "kyiv.md.orig"]);
}

#[test]
fn files_that_cannot_be_processed_are_never_touched() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), STYLEBOOK).unwrap();
    // Not UTF-8, and binary: reported, left byte for byte, no backup.
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"The mayor of Kiev said caf\xe9.\n").unwrap();
    let binary = dir.join("binary.md");
    std::fs::write(&binary, b"Kiev\0\x01\x02").unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "The mayor of Kiev spoke.\n").unwrap();
    let run = copydesk(
        &dir,
        &[
            "check",
            "--fix",
            "--backup",
            "latin1.txt",
            "binary.md",
            "good.txt",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("latin1.txt: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("binary.md: binary file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&latin1).unwrap(),
        b"The mayor of Kiev said caf\xe9.\n"
    );
    assert_eq!(std::fs::read(&binary).unwrap(), b"Kiev\0\x01\x02");
    // The others are still fixed.
    assert_eq!(read(&good), "The mayor of Kyiv spoke.\n");
    assert_eq!(
        entries(&dir),
        [
            "binary.md",
            "copydesk.toml",
            "good.txt",
            "good.txt.orig",
            "latin1.txt"
        ]
    );
}

#[test]
fn a_symbolic_link_stays_a_link_to_the_fixed_file() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), STYLEBOOK).unwrap();
    std::fs::create_dir(dir.join("real")).unwrap();
    let target = dir.join("real").join("story.txt");
    std::fs::write(&target, "The mayor of Kiev spoke.\n").unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let run = copydesk(&dir, &["check", "--fix", "link.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&target), "The mayor of Kyiv spoke.\n");
    assert_eq!(entries(&dir.join("real")), ["story.txt"]);
}

#[test]
fn backup_without_fix_is_a_usage_error() {
    let dir = temp_dir();
    std::fs::write(dir.join("a.txt"), "The mayor of Kiev spoke.\n").unwrap();
    let run = copydesk(&dir, &["check", "--backup", "a.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--fix"), "{}", run.stderr);
}

/// Kiev → Kyiv (representable in windows-1252) and Erdogan → Erdoğan (not: ğ).
const ENCODING_STYLEBOOK: &str = "[stylebook]\npreferred = [\"Kyiv\", \"Erdoğan\"]\n\
reject = { \"Kiev\" = \"Kyiv\", \"Erdogan\" = \"Erdoğan\" }\n";

#[test]
fn a_windows_1252_file_is_written_back_in_windows_1252() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), ENCODING_STYLEBOOK).unwrap();
    let story = dir.join("story.txt");
    // “We are ready,” é: 0x93, 0x94, 0xE9.
    std::fs::write(
        &story,
        b"The mayor of Kiev said the caf\xe9 would reopen. \x93We are ready,\x94 he said.\n",
    )
    .unwrap();
    let run = copydesk(
        &dir,
        &[
            "check",
            "--fix",
            "--backup",
            "--encoding",
            "windows-1252",
            "story.txt",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("story.txt: fixed 1 finding(s): Change to Kyiv"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&story).unwrap(),
        b"The mayor of Kyiv said the caf\xe9 would reopen. \x93We are ready,\x94 he said.\n"
    );
    // The backup is the original's bytes.
    assert_eq!(
        std::fs::read(dir.join("story.txt.orig")).unwrap(),
        b"The mayor of Kiev said the caf\xe9 would reopen. \x93We are ready,\x94 he said.\n"
    );
}

#[test]
fn a_fix_the_files_encoding_cannot_hold_is_refused_and_the_file_left_as_it_was() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), ENCODING_STYLEBOOK).unwrap();
    let original: &[u8] = b"President Erdogan spoke at the caf\xe9 in Kiev.\n";
    let erdogan = dir.join("erdogan.txt");
    std::fs::write(&erdogan, original).unwrap();
    let other = dir.join("other.txt");
    std::fs::write(&other, b"The caf\xe9 in Kiev reopened.\n").unwrap();
    let run = copydesk(
        &dir,
        &[
            "check",
            "--fix",
            "--backup",
            "--deny",
            "never",
            "--encoding",
            "windows-1252",
            "erdogan.txt",
            "other.txt",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "copydesk: erdogan.txt: the fixed text needs “ğ” (U+011F), which windows-1252 \
             cannot hold; not written"
        ),
        "{}",
        run.stderr
    );
    // Untouched, byte for byte, not even the representable Kyiv fix; no backup, no
    // temporary file. The other file is still fixed.
    assert_eq!(std::fs::read(&erdogan).unwrap(), original);
    assert_eq!(
        std::fs::read(&other).unwrap(),
        b"The caf\xe9 in Kyiv reopened.\n"
    );
    assert_eq!(
        entries(&dir),
        [
            "copydesk.toml",
            "erdogan.txt",
            "other.txt",
            "other.txt.orig"
        ]
    );
    // What is left is reported on the text as it is.
    assert!(
        run.stdout
            .contains("erdogan.txt:1:11: warning[stylebook-spelling]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_utf16_file_is_written_back_in_utf16_with_its_byte_order_mark() {
    let dir = temp_dir();
    std::fs::write(dir.join("copydesk.toml"), ENCODING_STYLEBOOK).unwrap();
    let utf16le = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let story = dir.join("story.txt");
    std::fs::write(&story, utf16le("Erdogan went to Kiev. “Fine,” he said.\n")).unwrap();
    let run = copydesk(&dir, &["check", "--fix", "story.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(&story).unwrap(),
        utf16le("Erdoğan went to Kyiv. “Fine,” he said.\n")
    );
}
