#!/usr/bin/env bash
# Assembles a minimal Java 17 base image as a `docker save` tarball, for Jib's `tar://` base, from
# what this (Linux) machine has: a jlink runtime of the local JDK and the shared libraries it links
# against. It exists because build machines here cannot pull base images; with a registry, use
# eclipse-temurin:17-jre (the default in the parent POM) instead. See docs/operations.md, "Images".
#
#   deploy/base-image/build-base-image.sh <out.tar> [jdk home]
set -euo pipefail

out=$(realpath -m "$1")
jdk=${2:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [[ -f "$out" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
  echo "base image: $out (up to date)"
  exit 0
fi
[[ -d "$jdk/jmods" ]] || { echo "no jmods in $jdk (Debian: apt install openjdk-17-jmods)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/learnpulse-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{opt,etc,tmp}
chmod 1777 "$root/tmp"

# The Java runtime: the modules a Spring Boot service and Kafka clients use (java.se plus the JDK
# modules for Unsafe, EC crypto, JMX/JFR diagnostics, DNS naming and zip file systems).
"$jdk/bin/jlink" --module-path "$jdk/jmods" \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.zipfs,jdk.localedata,jdk.jcmd \
  --strip-debug --no-header-files --no-man-pages --output "$root/opt/java"

# The shared libraries the runtime links against (glibc, zlib, ...), resolved the way the loader does.
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
  xargs -0 -n1 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' |
  sort -u | while read -r lib; do cp -L --parents "$lib" "$root"; done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
# Debian's launcher finds libjli.so through the loader's cache, not an RPATH: give the image one.
printf '/opt/java/lib\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"

# docker save layout: one layer, its config (diff_id = sha256 of the uncompressed layer) and manifest.
image=$work/image
mkdir -p "$image"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$image/layer.tar" .
diff_id=$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
cat > "$image/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532","WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"deploy/base-image/build-base-image.sh (jlink of $("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'))"}]}
CONFIG
printf '[{"Config":"config.json","RepoTags":["learnpulse/base-jre:17"],"Layers":["layer.tar"]}]\n' > "$image/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 -C "$image" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1))"
