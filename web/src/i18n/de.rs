//! Die Lektionen auf Deutsch, in den Begriffen der deutschen Docker-Dokumentation
//! (Zertifizierungsstelle, Zertifikat, privater Schlüssel, Docker-Daemon).

use super::{Labels, Lesson, Lessons, Steps};

/// Die deutschen Lektionen.
pub const LESSONS: Lessons = Lessons {
    overview: Lesson {
        title: "Gegenseitiges TLS auf einen Blick",
        paragraphs: &[
            "Mit TLS weisen zwei Programme nach, wer sie sind, bevor sie miteinander sprechen. Jedes legt ein Zertifikat vor: seinen Namen und seinen öffentlichen Schlüssel, signiert von jemandem, dem beide Seiten vertrauen.",
            "Dieser Jemand ist hier Ihre eigene Zertifizierungsstelle (CA). Sie vertrauen ihr, weil Sie sie selbst erstellt haben. Niemand sonst kann in ihrem Namen signieren.",
            "„Gegenseitig“ heißt: in beide Richtungen. Die Docker-CLI prüft das Zertifikat des Daemons, und der Daemon prüft das der CLI. Ohne die zweite Prüfung könnte sich jeder verbinden.",
            "Die API von Docker kennt keine Passwörter. Ein von Ihrer CA signiertes Client-Zertifikat ist der einzige Schlüssel zur Tür.",
            "Ein Zertifikat funktioniert wie ein Reisepass. Es nennt seinen Inhaber (den Subject: die Namen eines Hosts, den Namen eines Clients), sagt, wer es ausgestellt hat (den Issuer, hier Ihre CA, so wie ein Staat Pässe ausstellt), und wie lange es gültig ist. Die Grenzbeamtin prüft das Siegel der ausstellenden Stelle, die Daten und ob das Gesicht zum Foto passt; TLS prüft die Signatur der CA, die Gültigkeitsdaten und ob die Gegenseite den privaten Schlüssel besitzt, der zum öffentlichen Schlüssel im Zertifikat gehört.",
            "Hinter jedem Passamt steht ein Ablauf, und ebenso hinter jedem Zertifikat: eine Möglichkeit, eines zu beantragen (ein Schlüssel und ein Antrag), eine Prüfung, wer da beantragt, eine Entscheidung, die Ausstellung selbst und eine Möglichkeit, eines zurückzuziehen (Widerruf). Zusammen ist das eine Public-Key-Infrastruktur (PKI); dieser Assistent betreibt sie vollständig auf Ihrem Rechner.",
            "Eine Plandatei (portcullis.json) hält jede Entscheidung außer Geheimnissen fest. So verwenden die Erneuerung im nächsten Jahr oder ein weiterer Host dieselben Namen, Clients und Laufzeiten, ohne dass Sie alles neu eintippen.",
        ],
    },
    ca: Lesson {
        title: "Was eine CA ist und warum ihr Schlüssel offline bleibt",
        paragraphs: &[
            "Eine Zertifizierungsstelle ist nur ein Schlüsselpaar, dessen Zertifikat „CA: ja“ sagt. Was sie signiert, glaubt jeder, der ihr vertraut.",
            "Deshalb ist ihr privater Schlüssel das Kronjuwel: Wer ca-key.pem hat, kann ein Client-Zertifikat erstellen, das Ihr Daemon annimmt. Er gehört auf einen USB-Stick in einer Schublade, nicht auf den Docker-Host.",
            "Nur der Schlüssel der CA wird mit Ihrer Passphrase verschlüsselt. Der Daemon und die Docker-CLI lesen ihre eigenen Schlüssel ohne Zutun und können verschlüsselte Schlüssel gar nicht lesen; diese Dateien schützen stattdessen Dateiberechtigungen (0400).",
            "Die CA lebt lange (10 Jahre), damit die Erneuerung eines Server- oder Client-Zertifikats nie bedeutet, etwas neu vertrauen zu müssen. Sie hat keine „erweiterte Schlüsselverwendung“ (extended key usage): Go würde sie auf jedes Zertifikat unter ihr anwenden und diese damit unbrauchbar machen.",
            "Es gibt drei Wege zu einer CA: eine externe Zertifizierungsstelle bezahlen (jeder Browser vertraut ihr, sie kostet Geld, und sie, nicht Sie, entscheidet und widerruft); eine in Ihrer Organisation betreiben (OpenSSL oder Active Directory: Sie entscheiden, und Sie müssen sie bewachen); oder jedes Zertifikat mit seinem eigenen Schlüssel signieren (selbstsigniert: nichts zu betreiben, aber niemand bürgt für irgendetwas, und jedem Zertifikat muss einzeln vertraut werden). Für die API von Docker, die nur Ihre eigenen Clients nutzen, ist eine hauseigene CA die richtige, und genau die baut Portcullis: eine kleine CA, der nur Ihre Daemons und Clients vertrauen.",
            "Schlüsseltypen: ECDSA P-256 ist klein und überall schnell. RSA 4096 zeigt die Anleitung von Docker; es funktioniert, braucht zum Erzeugen aber Sekunden.",
            "Sie betreiben schon eine CA (die Ihrer Firma oder eine mit openssl erstellte)? Verwenden Sie stattdessen diese: Ihr Zertifikat kommt ins Zip, ihr Schlüssel signiert hier und wird nirgendwohin kopiert. Sie muss CA:TRUE sagen, Zertifikate signieren dürfen, darf keine erweiterte Schlüsselverwendung tragen und muss länger gültig sein als alles, was sie signiert.",
        ],
    },
    server: Lesson {
        title: "Namen: wozu ein SAN, und IP oder DNS",
        paragraphs: &[
            "Ein Client prüft, ob der Name, den er gewählt hat, im Zertifikat des Servers steht. Moderne Clients (Go, also auch die Docker-CLI) schauen nur in die Liste der Subject Alternative Names (SAN) und übergehen den alten Common Name.",
            "DNS-Namen und IP-Adressen sind verschiedene Arten von SAN. Wer sich mit 10.0.0.5 verbindet, braucht den IP-SAN 10.0.0.5; ein DNS-Eintrag, der „10.0.0.5“ lautet, zählt nicht. 0.0.0.0 ist die Adresse, auf der der Daemon lauscht, nie eine, die ein Client wählt.",
            "Ändert sich die Adresse des Hosts (DHCP, eine neue Cloud-IP), funktioniert ein Zertifikat mit nur der alten IP nicht mehr: Nehmen Sie lieber einen DNS-Namen, oder führen Sie jede Adresse auf.",
            "Das Server-Zertifikat sagt „serverAuth“: Es darf die Identität eines Servers nachweisen, sonst nichts.",
            "Port 2375 ist üblicherweise die API von Docker in einfachem HTTP: keine Verschlüsselung, keine Prüfung, wer sich verbindet, root für jeden, der ihn erreicht. Port 2376 ist dieselbe API hinter TLS. Die Nummer selbst schützt nichts; die Konvention sagt nur, was man erwarten darf. Lassen Sie TLS also auf 2376.",
            "Der Schlüssel des Servers kann auf dem Server selbst erzeugt werden: Er schickt dann nur eine Zertifikatsignierungsanforderung (CSR), die belegt, dass er den Schlüssel besitzt, und der Schlüssel reist nie. Portcullis signiert sie mit seinem eigenen Serverprofil und den Namen, die Sie hier angeben.",
            "Mehrere Hosts (die Manager und Worker eines Swarm) teilen sich eine CA, aber jeder bekommt einen eigenen Schlüssel und ein eigenes Zertifikat mit nur seinen eigenen Namen. Ein gestohlener Worker-Schlüssel kann sich dann nicht als Manager ausgeben, und ein Host wird erneuert oder ersetzt, ohne die anderen anzufassen. Ein Name, auf den jeder Manager hört (der eines Load Balancers), darf auf mehreren stehen.",
            "Die Zertifikate sind für jede Art von Host dieselben; nur wohin sie kommen und wie der Daemon davon erfährt, unterscheidet sich. Docker Engine unter systemd liest Flags aus einem Drop-in oder aus /etc/docker/daemon.json. Rootless Docker läuft als gewöhnlicher Benutzer in einem eigenen Netzwerk-Namespace; seine Einstellungen liegen daher in ~/.config/docker, und RootlessKit muss den TLS-Port nach außen veröffentlichen. Docker Engine unter Windows liest C:\\ProgramData\\docker\\config\\daemon.json, und die Windows-Firewall muss den Port durchlassen. Podman beantwortet die API von Docker über podman system service, das Client-Zertifikate verlangt, sobald es --tls-client-ca bekommt. Docker Desktop ist hier nur ein Client: Seine Docker-CLI verwendet die Client-Dateien wie jede andere.",
        ],
    },
    clients: Lesson {
        title: "serverAuth, clientAuth und ein Zertifikat für jeden",
        paragraphs: &[
            "Client-Zertifikate sagen „clientAuth“. Der Daemon lehnt ein Zertifikat ohne diese Angabe ab, selbst wenn Ihre CA es signiert hat; das eigene Zertifikat des Servers taugt also nicht zum Anmelden.",
            "Geben Sie jeder Person und jeder Maschine ein eigenes Zertifikat. Geht ein Laptop verloren, wissen Sie genau, welches Sie ersetzen müssen.",
            "TLS entscheidet, wer sich verbinden darf, nicht, was er dann tun darf: Jeder Client mit gültigem Zertifikat hat die volle Kontrolle über Docker. Um einzuschränken, was ein Client tun kann, stellen Sie einen Reverse-Proxy oder ein Autorisierungs-Plugin vor den Daemon.",
            "Das Zertifikat eines verlorenen Laptops bleibt gültig, bis es abläuft: dockerd kann keine Sperrliste prüfen. Der optionale nginx-Proxy kann es: Der Befehl portcullis revoke setzt das Zertifikat auf eine von Ihrer CA signierte Liste, und nginx lehnt es von da an ab.",
            "Die Docker-CLI liest drei PEM-Dateien: ca.pem, cert.pem und key.pem. Windows, macOS, Browser und Java wollen einen Client stattdessen als eine PKCS#12-Datei (client.p12): den Schlüssel, sein Zertifikat und das der CA, verschlüsselt unter einem Passwort, mit einem MAC, der ein falsches Passwort sofort erkennt. Deshalb muss das Passwort auch lang sein: Wer die Datei hat, kann offline raten.",
        ],
    },
    generate: Lesson {
        title: "Woher die Schlüssel kommen",
        paragraphs: &[
            "Jeder Schlüssel wird in diesem Tab erzeugt, aus dem kryptografischen Zufallszahlengenerator Ihres Browsers. Nichts kommt von anderswo.",
            "Ein RSA-Schlüssel besteht aus zwei großen zufälligen Primzahlen, gefunden, indem ungerade Zahlen durchprobiert werden, bis zwei die Primzahltests bestehen: Für RSA 4096 dauert das Sekunden, in WebAssembly länger als in nativem Code. Deshalb erzeugt standardmäßig das WebCrypto des Browsers die RSA-Schlüssel, in nativer Geschwindigkeit, und übergibt sie Portcullis als PKCS#8; es führt auch die 600.000 PBKDF2-Runden aus, die aus Ihrer Passphrase den Schlüssel machen, der den CA-Schlüssel verschlüsselt (dieselben Bytes, die der Rust-Code erhielte).",
            "Wählen Sie den eigenen Rust-Code von Portcullis, wenn jeder Schlüssel von demselben Code kommen soll wie beim Kommandozeilenwerkzeug portcullis, den Sie lesen und selbst bauen können. Er kommt auch dann zum Zug, wenn der Browser kein WebCrypto bietet, bei einer Seite, die über einfaches HTTP von einer anderen Adresse kommt. Er sucht die Primzahlen in mehreren Hintergrund-Workern zugleich, einem je Prozessorkern: Die ersten zwei gefundenen Primzahlen ergeben einen Schlüssel. ECDSA- und Ed25519-Schlüssel erzeugt immer der eigene Code von Portcullis: Sie brauchen Millisekunden. Nach dem Erzeugen steht bei jedem Schlüssel, wer ihn erzeugt hat.",
            "Die Arbeit läuft in einem Web Worker, einem Hintergrund-Thread, sodass die Seite bedienbar bleibt, auch während nach einem RSA-Schlüssel gesucht wird. Der Worker startet, sobald Sie den CA-Schritt verlassen: Er leitet aus Ihrer Passphrase den Schlüssel ab, der den CA-Schlüssel verschlüsselt, und erzeugt bei RSA, während Sie Server und Clients eintragen, schon die Schlüssel, die diese brauchen werden, und zählt dabei mit, was Sie tippen. So findet „Erzeugen“ meist alles fertig vor und muss nur noch signieren, verschlüsseln und packen. Was vorab erzeugt wurde und nicht mehr gebraucht wird (ein anderer Schlüsseltyp, eine andere Schlüsselquelle oder Passphrase, weniger Server oder Clients, oder Sie haben die Seite verlassen), wird gelöscht und nie später verwendet.",
            "Mit WebCrypto erzeugt der Browser auch die RSA-Signaturen seiner Schlüssel. Portcullis stellt die Zertifikate zuerst probeweise aus, um genau zu erfahren, was jeder Schlüssel signieren wird; der Browser signiert das in nativer Geschwindigkeit, und Portcullis prüft jede Signatur gegen ihren Schlüssel, bevor sie in ein Zertifikat kommt. RSA-Signaturen (PKCS#1 v1.5) sind deterministisch: Es sind genau die Bytes, die der eigene Code von Portcullis geschrieben hätte, nur früher.",
            "Diese Seite darf nach dem Laden keine einzige Netzwerkanfrage mehr stellen (ihre Content-Security-Policy verbietet es), also kann kein Schlüssel sie verlassen.",
        ],
    },
    review: Lesson {
        title: "Ein Zertifikat lesen, und was Ablauf bedeutet",
        paragraphs: &[
            "Subject ist, um wen es im Zertifikat geht; Issuer ist, wer es signiert hat. Jedes Zertifikat hier stellt Ihre CA aus, und die CA sich selbst.",
            "Die Seriennummer ist zufällig und eindeutig; der Fingerabdruck ist ein Hash über das ganze Zertifikat, praktisch, um zwei Kopien zu vergleichen.",
            "„Gültig bis“ ist endgültig: Danach scheitern Verbindungen mit „certificate has expired“. Erneuern Sie einen Monat vorher, indem Sie mit derselben CA ein neues Zertifikat signieren; die Clients vertrauen weiter der CA, auf ihrer Seite ändert sich also nichts. Die README im Zip zeigt die Befehle.",
            "Die Basiseinschränkungen (basic constraints) sagen, ob ein Zertifikat andere signieren darf (nur die CA); Schlüsselverwendung und erweiterte Schlüsselverwendung sagen, wofür sein Schlüssel taugt.",
        ],
    },
    download: Lesson {
        title: "Was TLS Ihnen nicht gibt",
        paragraphs: &[
            "Zugriffskontrolle: Jedes gültige Client-Zertifikat bedeutet volle Kontrolle über Docker, und das ist auf den meisten Hosts root. Beschränken Sie, wer eines bekommt.",
            "Widerruf: dockerd kann keine Sperrliste prüfen. Wird ein Client-Schlüssel gestohlen, ersetzen Sie die CA und stellen Sie alle Hosts auf einmal um (portcullis rotate-ca, ohne seinen Übergang), oder stellen Sie einen Proxy vor den Daemon, der eine Sperrliste prüft.",
            "Die eigenen Modi des Docker-Clients: --tlsverify (DOCKER_TLS_VERIFY=1) mit ca.pem, cert.pem und key.pem prüft den Daemon und weist nach, wer Sie sind; genau das richtet das Bundle ein. --tls allein verschlüsselt, prüft aber nichts am Daemon, sodass sich jeder dazwischen als der Daemon ausgeben kann. --tlsverify mit ca.pem, aber ohne Client-Zertifikat prüft den Daemon, doch ein so wie hier eingerichteter Daemon weist Sie ab. Ein Client-Zertifikat ohne --tlsverify weist Sie gegenüber dem Daemon aus, aber Sie prüfen nie, mit wem Sie sprechen.",
            "Der lokale Socket: /var/run/docker.sock bleibt unverändert; Mitglieder der Gruppe docker auf dem Host steuern Docker weiterhin.",
            "Das Zip enthält jeden privaten Schlüssel. Kopieren Sie jeden Teil dorthin, wo er hingehört, und löschen Sie dann das Zip.",
        ],
    },
    sign_csr: Lesson {
        title: "Eine CSR: Der Schlüssel bleibt auf dem Server",
        paragraphs: &[
            "Eine Zertifikatsignierungsanforderung (CSR) enthält einen öffentlichen Schlüssel und die Namen, die sein Besitzer beantragt, signiert mit dem passenden privaten Schlüssel. Diese Signatur belegt, dass der Antragsteller den Schlüssel besitzt, der seine Maschine nie verlassen muss.",
            "Erstellen Sie sie auf dem Docker-Host: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server-key.pem, dann openssl req -new -key server-key.pem -subj /CN=HOST -out server.csr. Nur server.csr reist.",
            "Portcullis übernimmt aus dem Antrag nur den Schlüssel. Die Erweiterungen sind seine eigenen (serverAuth oder clientAuth, keyUsage, keine CA), und die Namen, die die CSR beantragt, kommen nur hinein, wenn Sie es sagen: Eine CSR ist ein Wunsch, und die ausstellende Stelle sind Sie.",
            "Ein Antrag, der eine CA werden will, wird abgelehnt: Ein Zertifikat mit CA:TRUE könnte Zertifikate signieren, denen Ihr Daemon vertrauen würde.",
        ],
    },
    renew: Lesson {
        title: "Erneuern: dieselbe CA, neue Schlüssel",
        paragraphs: &[
            "Zertifikate laufen mit Absicht ab: Ein gestohlener Schlüssel hört von selbst auf zu funktionieren. Erneuern stellt jedes Zertifikat mit denselben Namen und Laufzeiten neu aus, aus neuen Schlüsseln, signiert von derselben CA.",
            "Weil die CA dieselbe bleibt, vertrauen die Clients dem erneuerten Server weiter und der Server den erneuerten Clients: Kopieren Sie die neuen Dateien über die alten und starten Sie dockerd neu.",
            "Die portcullis.json des alten Bundles sagt, was auszustellen ist; sein CA-Schlüssel (mit Ihrer Passphrase verschlüsselt) signiert. Unter Ihrer eigenen CA geben Sie deren Schlüssel an: Das Bundle hat ihn nie enthalten.",
            "Die Sperrliste eines Proxys wird übernommen: Ein Client, den Sie widerrufen haben, bleibt mit seinem alten Zertifikat ausgesperrt.",
            "Auch eine CA läuft ab, und sie in einem Zug zu ersetzen, sperrt jeden Client aus, der seinen neuen Ordner noch nicht hat. Die CA hier zu ersetzen, vermeidet diesen Stichtag: Zuerst vertraut jeder Daemon beiden CAs und behält sein aktuelles Zertifikat, dem alte Clients noch vertrauen; dann ziehen die Clients um, wobei ihre neue ca.pem beide CAs enthält; dann wechselt jeder Daemon zu seinem neuen Zertifikat und nur noch der neuen CA, und erst dann werden alte Clients abgewiesen; zuletzt lassen die Clients die alte CA fallen.",
            "Ein Übergang ist nur so lange sicher wie der Schlüssel der alten CA. Wurde er gestohlen, überspringen Sie den Übergang: Bis zur Umstellung nehmen die Daemons alles an, was dieser Schlüssel signiert.",
        ],
    },
    revoke: Lesson {
        title: "Widerruf: was dockerd nicht kann",
        paragraphs: &[
            "Ein Zertifikat bleibt gültig, bis es abläuft, selbst wenn sein Laptop gestohlen wird. Eine Zertifikatsperrliste (CRL) ist die signierte Liste der CA mit den Zertifikaten, für die sie nicht mehr einsteht.",
            "dockerd liest nie eine CRL. Deshalb kann das Bundle einen nginx-Proxy enthalten: Er beendet gegenseitiges TLS am öffentlichen Port, lehnt jedes Zertifikat ab, das auf der CRL steht oder in seiner Erlaubnisliste fehlt, und leitet erst dann an den lokalen Socket von dockerd weiter.",
            "Eine CRL trägt eine Nummer und ein Datum der nächsten Aktualisierung. Jede neue behält die alten Einträge und zählt hoch; ist ihr Datum verstrichen, lehnt nginx jeden ab. Veröffentlichen Sie also rechtzeitig eine frische (mit demselben Werkzeug, ohne neue Zertifikate).",
            "Ohne den Proxy bedeutet Widerrufen, die CA zu ersetzen: ein neues Bundle für den Host und jeden verbleibenden Client.",
        ],
    },
    check: Lesson {
        title: "Warum docker keine Verbindung bekommt",
        paragraphs: &[
            "docker prüft das Zertifikat des Daemons gegen ca.pem auf den Namen in DOCKER_HOST, und der Daemon prüft die cert.pem des Clients gegen seine eigene CA. Scheitert eine Seite, endet der Handshake.",
            "Go, in dem docker geschrieben ist, liest Namen nur aus subjectAltName: Ein Zertifikat, das den Host nur im Common Name trägt, scheitert mit „certificate relies on legacy Common Name field“. Und Go wendet die erweiterte Schlüsselverwendung einer CA auf jedes Zertifikat unter ihr an; eine CA, die nur serverAuth trägt, macht also jedes Client-Zertifikat unbrauchbar.",
            "cert.pem muss clientAuth tragen, von der CA ausgestellt sein, der der Daemon vertraut, und zu key.pem gehören. Die Antwort des Daemons auf ein falsches ist nur „bad certificate“; deshalb hilft es, die Dateien vorher zu prüfen.",
            "Dieser Tab sieht nur Ihre Dateien. portcullis doctor verbindet sich außerdem, zeigt das Zertifikat des Daemons und ob er Ihres angenommen hat.",
        ],
    },
};

/// Die Beschriftungen auf Deutsch.
pub const LABELS: Labels = Labels {
    use_existing_ca: "Eine bestehende CA verwenden (ihr Zertifikat und ihren Schlüssel), statt eine zu erstellen",
    existing_ca_cert: "Zertifikat der bestehenden CA (PEM)",
    existing_ca_key: "Privater Schlüssel der bestehenden CA (PEM)",
    ca_name: "Name der CA",
    key_type: "Schlüsseltyp",
    platform: "Wie der Host seinen Daemon betreibt",
    ca_passphrase: "Passphrase der CA",
    ca_passphrase_repeat: "Passphrase der CA wiederholen",
    unencrypted_ca_key: "Den Schlüssel der CA ohne Passphrase speichern (nicht empfohlen)",
    ca_days: "Gültigkeit der CA in Tagen",
    server_dns: "DNS-Namen des Servers",
    server_ip: "IP-Adressen des Servers",
    port: "Port",
    server_days: "Gültigkeit des Server-Zertifikats in Tagen",
    docker_host: "Adresse, mit der sich Clients verbinden",
    other_servers: "Weitere Server",
    server_own_key: "Der Server erzeugt seinen eigenen Schlüssel: seine CSR signieren, statt hier einen zu erzeugen",
    server_csr: "CSR des Servers (PEM)",
    clients: "Namen der Clients",
    client_days: "Gültigkeit der Client-Zertifikate in Tagen",
    proxy: "Einen nginx-Proxy hinzufügen, der Clients widerrufen und eine Erlaubnisliste führen kann",
    client_p12: "Schlüssel und Zertifikat jedes Clients zusätzlich in eine passwortgeschützte Datei legen (client.p12)",
    p12_password: "Passwort für client.p12",
    p12_password_repeat: "Passwort für client.p12 wiederholen",
    csr: "Zertifikatsignierungsanforderung (PEM)",
    csr_profile: "Signieren als",
    csr_use_names: "Die Namen, die die CSR beantragt, ins Zertifikat übernehmen",
    csr_dns: "DNS-Namen für das Zertifikat",
    csr_ip: "IP-Adressen für das Zertifikat",
    csr_client_name: "Name des Clients",
    csr_days: "Gültigkeit des Zertifikats in Tagen",
    revoke_certs: "Zu widerrufende Zertifikate (PEM)",
    revoke_crl: "Die aktuelle CRL (PEM), falls es eine gibt",
    revoke_reason: "Grund",
    revoke_days: "Tage bis zur nächsten fälligen CRL",
    key_maker: "Schlüssel erzeugen mit",
    rotate_ca: "Auch die CA ersetzen: eine neue CA, mit einem Übergang, der keinen Client aussperrt",
    new_ca_name: "Name der neuen CA",
    new_ca_passphrase: "Passphrase der neuen CA",
    new_ca_passphrase_repeat: "Passphrase der neuen CA wiederholen",
    check_ca: "ca.pem (das Zertifikat der CA)",
    check_cert: "cert.pem (das Zertifikat des Clients)",
    check_key: "key.pem (der private Schlüssel des Clients)",
    check_host: "DOCKER_HOST",
};

/// Die Schritte auf Deutsch.
pub const STEPS: Steps = Steps {
    overview: "Überblick",
    ca: "CA",
    server: "Server",
    clients: "Clients",
    generate: "Erzeugen",
    review: "Durchsicht",
    download: "Herunterladen",
    sign_csr: "Eine CSR signieren",
    renew: "Ein Bundle erneuern",
    revoke: "Ein Zertifikat widerrufen",
    check: "Zertifikate prüfen",
    step_title: "Schritt {N} von {TOTAL}: {STEP} — Portcullis",
    tool_title: "{STEP} — Portcullis",
};
