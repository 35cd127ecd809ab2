//! Real servers for tests: a PostgreSQL cluster and a NATS server with JetStream, each started by
//! the test on loopback, on a free port, in a temporary directory, and stopped when dropped. No
//! mocks.
//!
//! The binaries are Debian's (`/usr/lib/postgresql/*/bin`, `nats-server`) or on `PATH`. When they are absent a
//! test skips with one line saying so, unless `NEWSMILL_REQUIRE_SERVERS=1` (CI, which installs
//! them) makes that a failure. PostgreSQL refuses to run as root: under root the cluster belongs
//! to the `postgres` user that Debian's package creates, and its commands run through
//! `runuser`.
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The variable under which a missing server binary fails a test instead of skipping it.
pub const REQUIRE_SERVERS_VAR: &str = "NEWSMILL_REQUIRE_SERVERS";

/// A running PostgreSQL cluster with a `newsmill` superuser (trust authentication, loopback
/// only), stopped and deleted on drop.
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    owner: Option<&'static str>,
}

impl Postgres {
    /// Starts a cluster, or returns `None` (after one `skip:` line) when PostgreSQL is not
    /// installed. Panics when it is installed but will not start, or when it is missing under
    /// `NEWSMILL_REQUIRE_SERVERS=1`.
    #[track_caller]
    pub fn start() -> Option<Postgres> {
        let Some(bin) = pg_bin() else {
            skip_or_fail("PostgreSQL (initdb, pg_ctl) is not installed");
            return None;
        };
        let dir = scratch_dir("newsmill-pg");
        let owner = is_root().then_some("postgres");
        if let Some(user) = owner {
            let ok = Command::new("chown")
                .arg(user)
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown {user} {}", dir.display());
        }
        let port = free_port();
        let pg = Postgres {
            bin,
            dir,
            port,
            owner,
        };
        let data = pg.dir.join("data");
        pg.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "newsmill".as_ref(),
                "--auth=trust".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--locale=C.UTF-8".as_ref(),
                "-N".as_ref(),
            ],
        );
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            pg.dir.display()
        );
        pg.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                pg.dir.join("server.log").as_os_str(),
                "-w".as_ref(),
                "-o".as_ref(),
                options.as_ref(),
                "start".as_ref(),
            ],
        );
        Some(pg)
    }

    /// The URL of the cluster's `postgres` database.
    pub fn url(&self) -> String {
        self.url_of("postgres")
    }

    /// The URL of database `db` (create it with [`Postgres::create_db`]).
    pub fn url_of(&self, db: &str) -> String {
        format!("postgres://newsmill@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates database `db` and returns its URL.
    pub fn create_db(&self, db: &str) -> String {
        let url = self.url();
        let status = Command::new(self.bin.join("psql"))
            .args(["-q", "-v", "ON_ERROR_STOP=1", &url, "-c"])
            .arg(format!("CREATE DATABASE \"{db}\""))
            .stdout(Stdio::null())
            .status()
            .expect("running psql");
        assert!(status.success(), "CREATE DATABASE {db}");
        self.url_of(db)
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs one of the cluster's commands as its owner; panics with the server log on failure.
    fn run(&self, tool: &str, args: &[&std::ffi::OsStr]) {
        let exe = self.bin.join(tool);
        let mut cmd = match self.owner {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = cmd
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()));
        if !out.status.success() {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            panic!(
                "{tool} failed: {}{}\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let mut cmd = match self.owner {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(self.bin.join("pg_ctl"));
                c
            }
            None => Command::new(self.bin.join("pg_ctl")),
        };
        let _ = cmd
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running `nats-server` with JetStream, its storage in a temporary directory; killed and
/// deleted on drop.
pub struct Nats {
    child: std::process::Child,
    dir: PathBuf,
    port: u16,
}

impl Nats {
    /// Starts a server, or returns `None` (after one `skip:` line) when `nats-server` is not
    /// installed. Panics when it will not start, or when it is missing under
    /// `NEWSMILL_REQUIRE_SERVERS=1`.
    #[track_caller]
    pub fn start() -> Option<Nats> {
        let Some(exe) = on_path("nats-server").or_else(|| {
            let debian = PathBuf::from("/usr/sbin/nats-server");
            debian.is_file().then_some(debian)
        }) else {
            skip_or_fail("nats-server is not installed");
            return None;
        };
        let dir = scratch_dir("newsmill-nats");
        let port = free_port();
        let child = Command::new(exe)
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting nats-server");
        let nats = Nats { child, dir, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "nats-server did not listen on {port} within 20 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Some(nats)
    }

    /// The server's URL.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A new directory under the temp dir, unique to this process and call.
fn scratch_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("creating a server directory");
    dir
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The directory of `initdb` and `pg_ctl`: Debian's newest version, else `PATH`'s.
fn pg_bin() -> Option<PathBuf> {
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    debian.sort_by_key(|b| {
        b.parent()
            .and_then(Path::file_name)
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(bin) = debian.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
    })
}

/// Whether this process runs as root (PostgreSQL will not).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A TCP port free on loopback at the time of asking.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("binding a free port on 127.0.0.1")
}

/// Whether `NEWSMILL_REQUIRE_SERVERS` asks for every server to be present.
pub fn servers_required() -> bool {
    std::env::var(REQUIRE_SERVERS_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

#[track_caller]
fn skip_or_fail(what: &str) {
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    if servers_required() {
        panic!("{REQUIRE_SERVERS_VAR} is set but {what} (needed by {test})");
    }
    let _ = writeln!(std::io::stderr(), "skip: {test}: {what}");
}
