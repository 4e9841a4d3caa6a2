#!/bin/sh
# The openssl commands that build a PKI like the one in this bundle, step by step: for learning,
# and to check Portcullis against a tool you already trust. Made by Portcullis for {{HOST}}.
#
#   sh openssl/commands.sh [OUTPUT FOLDER]     (default: openssl/openssl-pki)
#
# It writes only into the output folder. The CA passphrase comes from $CA_PASSPHRASE if set,
# otherwise openssl asks for it. The keys and certificates it makes are new ones: they do not
# replace the bundle's.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
bundle=$(dirname -- "$here")
out=${1:-$here/openssl-pki}
mkdir -p "$out/ca" {{SERVER_DIRS}}{{CLIENT_DIRS}}
cd "$out"
pass_out=
pass_in=
if [ -n "${CA_PASSPHRASE:-}" ]; then
  pass_out="-passout env:CA_PASSPHRASE"
  pass_in="-passin env:CA_PASSPHRASE"
fi

# 1. The CA. Its key signs every other certificate, so it is the one key worth encrypting
#    (the daemon and the docker CLI cannot read encrypted keys, so theirs stay plain).
#    The certificate is self-signed and says CA:TRUE; pathlen:0 forbids intermediate CAs, and
#    it carries no extendedKeyUsage, because Go would apply that to every certificate below it.
{{CA_KEY_COMMAND}}
cat > ca/ca.cnf <<'CNF'
[req]
distinguished_name = subject
[subject]
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
# shellcheck disable=SC2086 # $pass_in is empty or two words on purpose.
openssl req -new -x509 -config ca/ca.cnf -extensions ca -key ca/ca-key.pem $pass_in \
  -subj {{CA_SUBJECT}} -days {{CA_DAYS}}{{DIGEST}} -out ca/ca.pem

# 2. The server (the Docker daemon): its own key, a certificate signing request (CSR) with its
#    name, and the CA's signature over it. The extensions come from the bundle's extfile.cnf
#    next to the server's certificate: every name clients use as a SAN, and serverAuth only.
{{SERVER_COMMANDS}}

# 3. The clients: the same steps with clientAuth instead of serverAuth, and no SAN needed.
{{CLIENT_COMMANDS}}
rm -f {{SERVER_CSRS}} clients/*/client.csr

# 4. The check dockerd and the docker CLI will make: does each certificate chain to the CA,
#    for the purpose it is used for?
{{SERVER_VERIFY}}
{{CLIENT_VERIFY}}
echo "Done: the new PKI is in $out"
