//! The lessons in English, as Portcullis first wrote them.

use super::{Labels, Lesson, Lessons, Steps};

/// The English lessons.
pub const LESSONS: Lessons = Lessons {
    overview: Lesson {
        title: "Mutual TLS in one picture",
        paragraphs: &[
            "TLS lets two programs prove who they are before they talk. Each shows a certificate: its name and public key, signed by someone both sides trust.",
            "Here that someone is your own certificate authority (CA). You trust it because you made it. Nobody else can sign in its name.",
            "\"Mutual\" means both directions: the docker CLI checks the daemon's certificate, and the daemon checks the CLI's. Without the second check, anyone could connect.",
            "Docker's API has no passwords. A client certificate signed by your CA is the only key to the door.",
            "A certificate works like a passport. It names its holder (the subject: a host's names, a client's name), says who issued it (the issuer, here your CA, as a state issues passports), and when it is valid. A border officer checks the issuer's seal, the dates, and that the face matches; TLS checks the CA's signature, the dates, and that the other side holds the private key that belongs to the certificate's public key.",
            "Behind every passport office is a process, and so behind every certificate: a way to ask for one (a key and a request), a check of who is asking, a decision, the issuing itself, and a way to withdraw one (revocation). Together that is a public key infrastructure (PKI); this wizard runs all of it on your machine.",
            "A plan file (portcullis.json) writes down every choice except secrets, so next year's renewal or another host reuses the same names, clients and lifetimes instead of retyping them.",
        ],
    },
    ca: Lesson {
        title: "What a CA is, and why its key stays offline",
        paragraphs: &[
            "A certificate authority is just a key pair whose certificate says \"CA: yes\". Whatever it signs, everyone who trusts it believes.",
            "So its private key is the crown jewel: whoever has ca-key.pem can make a client certificate your daemon accepts. It belongs on a USB stick in a drawer, not on the Docker host.",
            "Only the CA key is encrypted with your passphrase. The daemon and the docker CLI read their own keys unattended, and cannot read encrypted keys at all; those files are protected by file permissions (0400) instead.",
            "The CA lives long (10 years) so that renewing a server or client certificate never means re-trusting anything. It has no \"extended key usage\": Go would apply one to every certificate below it and break them.",
            "There are three ways to get a CA: pay an outside certificate authority (trusted by everyone's browsers, costs money, and it, not you, decides and revokes); run one in your organisation (OpenSSL or Active Directory: you decide, and you must guard it); or sign each certificate with its own key (self-signed: nothing to run, but nothing vouches for anything and each must be trusted one by one). For Docker's API, which only your own clients use, an in-house CA is the right one, and it is what Portcullis builds: one small CA that only your daemons and clients trust.",
            "Key types: ECDSA P-256 is small and fast everywhere. RSA 4096 is what Docker's guide shows; it works, but takes seconds to make.",
            "Already run a CA (a company one, or one openssl made)? Use it instead: its certificate goes into the zip, its key signs here and is not copied anywhere. It must say CA:TRUE, may sign certificates, must not carry an extended key usage, and must outlive what it signs.",
        ],
    },
    server: Lesson {
        title: "Names: why a SAN, and IP versus DNS",
        paragraphs: &[
            "A client checks that the name it dialled is written in the server's certificate. Modern clients (Go, so the docker CLI) look only in the Subject Alternative Name (SAN) list and ignore the old Common Name.",
            "DNS names and IP addresses are different kinds of SAN. Connecting to 10.0.0.5 needs the IP SAN 10.0.0.5; a DNS entry spelled \"10.0.0.5\" does not count. 0.0.0.0 is where the daemon listens, never an address a client dials.",
            "If the host's address changes (DHCP, a new cloud IP), a certificate with only the old IP stops working: prefer a DNS name, or list every address.",
            "The server certificate says \"serverAuth\": it may prove a server's identity, and nothing else.",
            "Port 2375 is, by convention, Docker's API in plain HTTP: no encryption, no check of who connects, root for anyone who reaches it. Port 2376 is the same API behind TLS. The number itself protects nothing; the convention just tells people what to expect, so keep TLS on 2376.",
            "The server's key can be made on the server itself: it then sends only a certificate signing request (CSR), which proves it holds the key, and the key never travels. Portcullis signs it with its own server profile and the names you list here.",
            "Several hosts (a Swarm's managers and workers) share one CA but each gets its own key and certificate with only its own names. A stolen worker key then cannot pretend to be a manager, and one host is renewed or replaced without touching the others. A name every manager answers to (a load balancer's) may appear on several.",
            "The certificates are the same for every kind of host; only where they go and how the daemon is told differ. Docker Engine under systemd reads flags from a drop-in or /etc/docker/daemon.json. Rootless Docker runs as an ordinary user inside a network namespace of its own, so its settings live in ~/.config/docker and RootlessKit must publish the TLS port to the outside. Docker Engine on Windows reads C:\\ProgramData\\docker\\config\\daemon.json, and Windows Firewall must let the port in. Podman answers Docker's API through podman system service, which demands client certificates once it is given --tls-client-ca. Docker Desktop is only a client here: its docker CLI uses the client files like any other.",
        ],
    },
    clients: Lesson {
        title: "serverAuth, clientAuth, and one certificate each",
        paragraphs: &[
            "Client certificates say \"clientAuth\". The daemon refuses a certificate without it, even one signed by your CA, so the server's own certificate cannot be used to log in.",
            "Give every person and machine its own certificate. When a laptop is lost, you know exactly which one to replace.",
            "TLS decides who may connect, not what they may do: every client with a valid certificate has full control of Docker. To limit what a client can do, put a reverse proxy or an authorization plugin in front of the daemon.",
            "A lost laptop's certificate stays valid until it expires: dockerd cannot check a revocation list. The optional nginx proxy can: the portcullis revoke command adds the certificate to a list signed by your CA, and nginx refuses it from then on.",
            "The docker CLI reads three PEM files: ca.pem, cert.pem and key.pem. Windows, macOS, browsers and Java want a client as one PKCS#12 file instead (client.p12): the key, its certificate and the CA's, encrypted under a password, with a MAC that tells a wrong password at once. That is also why the password must be long: whoever has the file can guess offline.",
        ],
    },
    generate: Lesson {
        title: "Where the keys come from",
        paragraphs: &[
            "Every key is made in this tab, from your browser's cryptographic random number generator. Nothing comes from elsewhere.",
            "An RSA key is two large random primes, found by trying odd numbers until two pass primality tests: for RSA 4096 that takes seconds, and longer in WebAssembly than in native code. So by default the browser's own WebCrypto makes the RSA keys, at native speed, and hands them to Portcullis as PKCS#8; it also runs the 600,000 rounds of PBKDF2 that turn your passphrase into the key that encrypts the CA key (the same bytes the Rust code would get).",
            "Choose Portcullis' own Rust code to have every key made by the same code as the portcullis command-line tool, which you can read and rebuild. It is also what happens when the browser offers no WebCrypto, on a page served over plain HTTP from another address. It searches for the primes in several background workers at once, one per processor core: the first two primes found make a key. ECDSA and Ed25519 keys are always made by Portcullis' own code: they take milliseconds. Review says which made each key.",
            "The work runs in a Web Worker, a background thread, so the page stays responsive even while an RSA key is being searched for. The worker starts as soon as you leave the CA step: it derives the CA key's encryption key from your passphrase, and with RSA, while you fill in the server and the clients, it makes the keys they will need, counting them as you type. So Generate usually finds everything ready and only signs, encrypts and packs. What was made ahead and is no longer needed (another key type, key maker or passphrase, fewer servers or clients, or you left the page) is wiped, never used later.",
            "With WebCrypto, the browser also makes the RSA signatures of its keys. Portcullis first does a dry run of issuing to learn exactly what each key will sign, the browser signs that at native speed, and Portcullis checks every signature against its key before it goes into a certificate. RSA signatures (PKCS#1 v1.5) are deterministic: these are the very bytes Portcullis' own code would have written, only sooner.",
            "This page is not allowed any network request after loading (its Content-Security-Policy forbids it), so no key can leave it.",
        ],
    },
    review: Lesson {
        title: "Reading a certificate, and what expiry means",
        paragraphs: &[
            "Subject is who the certificate is about; Issuer is who signed it. Every certificate here is issued by your CA, and the CA by itself.",
            "The serial number is random and unique; the fingerprint is a hash of the whole certificate, handy to compare two copies.",
            "Valid until is final: after it, connections fail with \"certificate has expired\". Renew a month before by signing a new certificate with the same CA; clients keep trusting the CA, so nothing changes on their side. The zip's README shows the commands.",
            "Basic constraints say whether a certificate may sign others (only the CA); key usage and extended key usage say what its key may do.",
        ],
    },
    download: Lesson {
        title: "What TLS does not give you",
        paragraphs: &[
            "Access control: any valid client certificate means full control of Docker, which on most hosts is root. Limit who gets one.",
            "Revocation: dockerd cannot check a revocation list. If a client key is stolen, replace the CA and switch every host at once (portcullis rotate-ca, skipping its transition), or put a proxy that checks one in front of the daemon.",
            "The docker client's own modes: --tlsverify (DOCKER_TLS_VERIFY=1) with ca.pem, cert.pem and key.pem checks the daemon and proves who you are, which is what the bundle sets up. --tls alone encrypts but checks nothing about the daemon, so whoever sits in between can pretend to be it. --tlsverify with ca.pem but no client certificate checks the daemon, but a daemon set up as here refuses you. A client certificate without --tlsverify proves you to the daemon, but you never check who you are talking to.",
            "The local socket: /var/run/docker.sock is unchanged; members of the docker group on the host still control Docker.",
            "The zip holds every private key. Copy each part where it belongs, then delete the zip.",
        ],
    },
    sign_csr: Lesson {
        title: "A CSR: the key stays on the server",
        paragraphs: &[
            "A certificate signing request (CSR) holds a public key and the names its owner asks for, signed with the matching private key. That signature proves the requester holds the key, which never has to leave its machine.",
            "Make one on the Docker host: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server-key.pem, then openssl req -new -key server-key.pem -subj /CN=HOST -out server.csr. Only server.csr travels.",
            "Portcullis copies only the key from the request. The extensions are its own (serverAuth or clientAuth, keyUsage, no CA), and the names the CSR asks for go in only when you say so: a CSR is a wish, and you are the authority.",
            "A request that asks to be a CA is refused: a certificate with CA:TRUE could sign certificates your daemon would trust.",
        ],
    },
    renew: Lesson {
        title: "Renewing: same CA, new keys",
        paragraphs: &[
            "Certificates end on purpose: a stolen key stops working on its own. Renewing issues every certificate again with the same names and lifetimes, from new keys, signed by the same CA.",
            "Because the CA stays the same, clients keep trusting the renewed server and the server keeps trusting renewed clients: copy the new files over the old ones and restart dockerd.",
            "The old bundle's portcullis.json says what to issue; its CA key (encrypted with your passphrase) signs. Under your own CA, give its key: the bundle never held it.",
            "A proxy's revocation list carries over: a client you revoked stays locked out with its old certificate.",
            "A CA ends too, and replacing it in one go locks out every client that has not got its new folder yet. Replacing the CA here avoids that day: first each daemon trusts both CAs while keeping its current certificate, which old clients still trust; then the clients move, their new ca.pem holding both CAs; then each daemon switches to its new certificate and the new CA alone, and only then are old clients refused; last, clients drop the old CA.",
            "A transition is only safe while the old CA's key is. If it was stolen, skip the transition: until the cut-over, the daemons accept whatever that key signs.",
        ],
    },
    revoke: Lesson {
        title: "Revocation: what dockerd cannot do",
        paragraphs: &[
            "A certificate stays valid until it expires, even when its laptop is stolen. A certificate revocation list (CRL) is the CA's signed list of certificates it no longer stands behind.",
            "dockerd never reads a CRL. That is why the bundle can include an nginx proxy: it terminates mutual TLS on the public port, refuses any certificate on the CRL or missing from its allow-list, and only then forwards to dockerd's local socket.",
            "A CRL carries a number and a next-update date. Each new one keeps the old entries and counts up; once its date passes, nginx refuses everyone, so publish a fresh one in time (the same tool without new certificates).",
            "Without the proxy, revoking means replacing the CA: a new bundle for the host and every remaining client.",
        ],
    },
    check: Lesson {
        title: "Why docker does not connect",
        paragraphs: &[
            "docker checks the daemon's certificate against ca.pem for the name in DOCKER_HOST, and the daemon checks the client's cert.pem against its own CA. Either side failing ends the handshake.",
            "Go, which docker is written in, reads names only from subjectAltName: a certificate with the host only in its Common Name fails with \"certificate relies on legacy Common Name field\". And it applies a CA's extended key usage to every certificate below it, so a CA marked serverAuth only breaks every client certificate.",
            "cert.pem must carry clientAuth, be issued by the CA the daemon trusts, and belong to key.pem. The daemon's answer to a wrong one is only \"bad certificate\", which is why checking the files first helps.",
            "This tab sees only your files. portcullis doctor also connects, shows the daemon's certificate and whether it took yours.",
        ],
    },
};

/// The labels in English.
pub const LABELS: Labels = Labels {
    use_existing_ca: "Use an existing CA (its certificate and key) instead of making one",
    existing_ca_cert: "Existing CA certificate (PEM)",
    existing_ca_key: "Existing CA private key (PEM)",
    ca_name: "CA name",
    key_type: "Key type",
    platform: "How the host runs its daemon",
    ca_passphrase: "CA passphrase",
    ca_passphrase_repeat: "Repeat the CA passphrase",
    unencrypted_ca_key: "Store the CA key without a passphrase (not recommended)",
    ca_days: "CA validity in days",
    server_dns: "Server DNS names",
    server_ip: "Server IP addresses",
    port: "Port",
    server_days: "Server certificate validity in days",
    docker_host: "Address clients will connect to",
    other_servers: "Other servers",
    server_own_key: "The server makes its own key: sign its CSR instead of making one here",
    server_csr: "The server's CSR (PEM)",
    clients: "Client names",
    client_days: "Client certificate validity in days",
    proxy: "Add an nginx proxy that can revoke clients and keep an allow-list",
    client_p12: "Also put each client's key and certificate into one password-protected file (client.p12)",
    p12_password: "client.p12 password",
    p12_password_repeat: "Repeat the client.p12 password",
    csr: "Certificate signing request (PEM)",
    csr_profile: "Sign it as",
    csr_use_names: "Put the names the CSR asks for into the certificate",
    csr_dns: "DNS names for the certificate",
    csr_ip: "IP addresses for the certificate",
    csr_client_name: "Client name",
    csr_days: "Certificate validity in days",
    revoke_certs: "Certificates to revoke (PEM)",
    revoke_crl: "The current CRL (PEM), if there is one",
    revoke_reason: "Reason",
    revoke_days: "Days until the next CRL is due",
    key_maker: "Make the keys with",
    rotate_ca: "Replace the CA as well: a new CA, with a transition that locks no client out",
    new_ca_name: "New CA name",
    new_ca_passphrase: "New CA passphrase",
    new_ca_passphrase_repeat: "Repeat the new CA passphrase",
    check_ca: "ca.pem (the CA certificate)",
    check_cert: "cert.pem (the client's certificate)",
    check_key: "key.pem (the client's private key)",
    check_host: "DOCKER_HOST",
};

/// The steps in English.
pub const STEPS: Steps = Steps {
    overview: "Overview",
    ca: "CA",
    server: "Server",
    clients: "Clients",
    generate: "Generate",
    review: "Review",
    download: "Download",
    sign_csr: "Sign a CSR",
    renew: "Renew a bundle",
    revoke: "Revoke a certificate",
    check: "Check certificates",
    step_title: "Step {N} of {TOTAL}: {STEP} — Portcullis",
    tool_title: "{STEP} — Portcullis",
};
