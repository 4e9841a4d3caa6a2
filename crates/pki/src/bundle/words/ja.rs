//! 日本語の README。Docker の日本語ドキュメントの用語に合わせています。和文の行は途中で折り返さず
//! （Markdown の改行が空白として表示されるため）、英字の語の前後には空白を置きます。

use super::Words;
use crate::bundle::packed;

pub(super) const WORDS: Words = Words {
    readme: packed::JA_README_MD,
    p12_section: packed::JA_P12_SECTION_MD,
    rotation_section: packed::JA_ROTATION_SECTION_MD,
    proxy_section: packed::JA_PROXY_SECTION_MD,
    install: [
        packed::JA_INSTALL_SYSTEMD_MD,
        packed::JA_INSTALL_ROOTLESS_MD,
        packed::JA_INSTALL_WINDOWS_MD,
        packed::JA_INSTALL_PODMAN_MD,
    ],
    platform: [
        "systemd の下で root として動く Docker Engine",
        "ユーザの systemd（systemctl --user）の下で動く Rootless Docker",
        "Windows のサービスとして動く Docker Engine",
        "Podman の Docker 互換 API サービス",
    ],

    key_type: [
        "ECDSA P-256、SHA-256",
        "ECDSA P-384、SHA-384",
        "Ed25519",
        "RSA 2048 ビット、SHA-256",
        "RSA 3072 ビット、SHA-256",
        "RSA 4096 ビット、SHA-256",
    ],

    ca_key_encrypted: "あなたのパスフレーズで暗号化されています（PKCS#8、PBKDF2-SHA256、AES-256）",
    ca_key_unencrypted: "ご指定のとおり**暗号化されていません**",
    ca_key_row: "| `ca/ca-key.pem` | CA の秘密鍵。{{STATE}} | **どこにも置かない**：オフラインで保管。必要なのは発行と更新のときだけ |",
    ca_key_section: "`ca/ca-key.pem` があれば、このデーモンが信頼する証明書を作れます。この鍵は{{STATE}}。暗号化したディスクや、引き出しの中の USB メモリなど、オフラインで保管してください。Docker ホストにもクライアントにも置きません。`openssl pkey -in ca/ca-key.pem -noout` で、パスフレーズをまだ覚えているか確認できます。",
    existing_ca_key_row: "| （`ca/ca-key.pem` なし） | 既存の CA「{{CA}}」の鍵はこのバンドルに入っていません | 元の場所に置いたまま |",
    existing_ca_key_section: "これらの証明書には、既存の CA「{{CA}}」が署名しました。その鍵はこのバンドルには入っていません。今の保管場所に置いたままにしてください。次に必要になるのは更新のときだけです。",

    crl_after_one: "そのうえで `proxy/crl.pem` をホストにコピーし、`proxy/install.sh` をもう一度実行します。",
    crl_after_several: "そのうえで {{OTHERS}} にもコピーし、各サーバのフォルダをそのホストにコピーして、そこでその `proxy/install.sh` をもう一度実行します。",

    server_intro_one: "{{HOST}} の Docker デーモンの証明書",
    daemon_intro_one: "デーモンは TCP ポート **{{PORT}}** で、",
    install_where_one: "Docker ホスト（{{HOST}}）",
    install_what_one: "`server/` フォルダ",
    san_sentence_one: "サーバ証明書が有効なのは、次の名前だけです：{{NAMES}}。",
    expiry_row: "| サーバ（{{HOST}}） | {{DATE}} |",
    comma: "、",
    and: "{{REST}}、{{LAST}}",
    title_several: "{{HOST}} ほか {{MORE}} 台のホスト",
    server_intro_several: "各 Docker デーモンの証明書（{{LIST}}）",
    daemon_intro_several: "各デーモンはそれぞれの TCP ポートで、",
    its_host: "そのホスト",
    server_table: "\n各 Docker ホストには `servers/` の下に専用のフォルダがあり、上で `{{FIRST_DIR}}/` について挙げたファイルが入っています：\n\n| フォルダ | ホスト | ポート | 証明書の名前 |\n|---|---|---|---|\n{{ROWS}}\n",
    install_where_several: "各 Docker ホスト",
    install_what_several: "`servers/` の下にある各ホストのフォルダ",
    more_hosts: "\n`env.sh` とその仲間のファイルは、最初のホスト {{FIRST_HOST}} を指します。`docker-context.sh` はホストごとにコンテキストを作ります：{{CONTEXTS}}。`docker context use NAME` で切り替えるか、`env.sh` を読み込んだあとで `DOCKER_HOST` を別のホストに向けてください。\n",
    san_sentence_several: "各サーバ証明書が有効なのは、上のフォルダの表でそれぞれに挙げた名前だけです。",
    first_server_note: " {{HOST}}（ほかも同様に、それぞれのフォルダで）",

    certificates_row: "| `{{DIR}}/server-cert.pem`, `server-key.pem`, `ca.pem` | {{WHAT}} | {{HOST}} の `{{TLS}}/` |",
    certificates_what: "デーモンの証明書、鍵、CA",
    certificates_what_mixed: "デーモンの証明書、鍵、CA（{{PLATFORM}}：{{HOSTS}}）",
    file_rows: [
        "| `{{DIR}}/override.conf` | TLS のフラグを付けて dockerd を起動する systemd のドロップイン | `/etc/systemd/system/docker.service.d/override.conf` |\n| `{{DIR}}/daemon.json`, `daemon-override.conf` | 同じ設定を daemon.json で書いたものと、それに必要なドロップイン | `/etc/docker/daemon.json` と上のドロップインのパス（これらか override.conf の*どちらか*を使う） |\n| `{{DIR}}/install.sh` | サーバのファイルを配置して Docker を再起動する | {{HOST}} で実行 |",
        "| `{{DIR}}/daemon.json` | Rootless の dockerd の設定：ソケットと TLS のファイル（`$HOME` と `$XDG_RUNTIME_DIR` はインストール時に書き込まれる） | `~/.config/docker/daemon.json` |\n| `{{DIR}}/override.conf` | ユーザのユニットのドロップイン：RootlessKit が TLS のポートを公開する | `~/.config/systemd/user/docker.service.d/portcullis-tls.conf` |\n| `{{DIR}}/install.sh` | ファイルを配置し、ユーザの Docker を再起動し、linger を有効にする | {{HOST}} で、Rootless Docker のユーザとして sudo なしで実行 |",
        "| `{{DIR}}/daemon.json` | dockerd の設定：名前付きパイプ、TLS のポートとファイル | `C:\\ProgramData\\docker\\config\\daemon.json` |\n| `{{DIR}}/install.ps1` | ファイルを配置し、Windows ファイアウォールでポートを開き、docker サービスを再起動する | {{HOST}} で管理者として実行 |",
        "| `{{DIR}}/podman-docker-tls.service` | `podman system service` を TLS 付きで実行する systemd のユニット | `/etc/systemd/system/podman-docker-tls.service` |\n| `{{DIR}}/install.sh` | ファイルを配置してサービスを起動する | {{HOST}} で root として実行 |",
    ],
    install_what_mixed_one: "そのフォルダ",
    install_what_mixed_many: "各ホストのフォルダ",
    rootless_copy_comment: "# そこで Rootless Docker を実行するユーザとして",
    windows_copy_comment: "# ここから。フォルダはどんな方法でコピーしてもかまいません",
    windows_then: "# そのあと {{HOST}} で、管理者権限の PowerShell で：",
    renew_rootless_comment: "# ホストで、そのユーザとして",
    renew_windows_comment: "# ホストで、管理者権限の PowerShell で：",
    podman_row: "| `clients/NAME/podman-connection.sh` | Podman のホストごとに podman の接続を追加する | `podman --remote` を使う場所で 1 回実行 |\n",
    podman_clients: "\nPodman は Docker の API に応答するので、上と同じように `docker` で{{WHICH}}を使えます。podman CLI では、`sh clients/NAME/podman-connection.sh` がこのクライアントの証明書で接続 {{NAMES}} を追加します（`podman system connection add … --tls-ca … --tls-cert … --tls-key …`）。そのあとは `podman --connection {{FIRST}} ps` です。\n",
    podman_one: "この Podman のホスト",
    podman_many: "これらの Podman のホスト",
    own_key_note: "\n{{HOSTS}} の鍵はホスト自身の上で作られ、送られたのは証明書署名要求だけなので、このバンドルには入っていません。{{SCRIPT}} はその鍵が `{{PATH}}` にある{{MODE}}ものとして扱い、そのまま残します。\n",
    own_key_mode_root: "（モード 0400、所有者 root）",
    own_key_mode_user: "（モード 0400）",

    each_host_one: "Docker ホスト",
    each_host_many: "各 Docker ホスト",
    transition_how_all: "（前回 `install.sh` に渡したのと同じオプション、`--daemon-json` またはなしで）",
    transition_how_some: "（systemd のホストでは、前回 `install.sh` に渡したのと同じオプション、`--daemon-json` またはなしで）",
    deadline_old_ca: "古い CA ",
    deadline_server: "現在のサーバ証明書",
    deadline_server_of: "{{HOST}} の現在のサーバ証明書",
};
