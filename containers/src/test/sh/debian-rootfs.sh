#!/bin/bash
# Writes to $1 a tar of a minimal Debian root file system made of this machine's own installed
# packages (nothing is downloaded): the Essential ones (what debootstrap's minbase installs),
# those named after $1, and everything they depend on, each with the files dpkg says it owns,
# dpkg's database holding exactly those packages (so dpkg -i checks a package's Depends for real),
# the alternatives their maintainer scripts set, and the accounts of base-passwd's master files.
# Prints the image tag to use: a hash of the packages and versions, so an image is rebuilt only
# when they change. With --tag for $1, prints the tag and writes nothing.
set -euo pipefail
out=$1
shift
roots=("$@")

# Every installed package, its dependencies and what it provides, read once.
declare -A is_installed depends_of
while IFS=$'\t' read -r pkg status deps; do
    if [ "$status" = installed ]; then
        is_installed[$pkg]=1
        depends_of[$pkg]=$deps
    fi
done < <(dpkg-query -W -f='${Package}\t${db:Status-Status}\t${Pre-Depends}, ${Depends}\n')
installed() { [ -n "${is_installed[$1]:-}" ]; }

declare -A have
queue=()
while read -r pkg; do queue+=("$pkg"); done < <(dpkg-query -W -f='${Package} ${Essential} ${db:Status-Status}\n' \
    | awk '$2 == "yes" && $3 == "installed" { print $1 }')
queue+=("${roots[@]}")
# Who provides what, for virtual dependencies (java17-runtime-headless, awk, ...).
declare -A provider
while IFS=$'\t' read -r pkg provides; do
    IFS=',' read -ra list <<< "$provides"
    for p in "${list[@]}"; do
        p=${p%%(*}; p=${p// /}; p=${p%%:*}
        if [ -n "$p" ] && [ -z "${provider[$p]:-}" ]; then provider[$p]=$pkg; fi
    done
done < <(dpkg-query -W -f='${Package}\t${Provides}\t${db:Status-Status}\n' | awk -F'\t' '$3 == "installed" { print $1 "\t" $2 }')

while ((${#queue[@]})); do
    pkg=${queue[0]}
    queue=("${queue[@]:1}")
    [ -n "${have[$pkg]:-}" ] && continue
    if ! installed "$pkg"; then
        if [ -n "${provider[$pkg]:-}" ]; then queue+=("${provider[$pkg]}"); continue; fi
        echo "debian-rootfs: $pkg is not installed on this machine" >&2
        exit 1
    fi
    have[$pkg]=1
    deps=${depends_of[$pkg]}
    IFS=',' read -ra clauses <<< "$deps"
    for clause in "${clauses[@]}"; do
        clause=${clause//[[:space:]]/ }
        [ -z "${clause// /}" ] && continue
        chosen=
        IFS='|' read -ra alts <<< "$clause"
        for alt in "${alts[@]}"; do
            name=${alt%%(*}; name=${name// /}; name=${name%%:*}
            if installed "$name"; then chosen=$name; break; fi
            if [ -n "${provider[$name]:-}" ]; then chosen=${provider[$name]}; break; fi
        done
        if [ -z "$chosen" ]; then
            echo "debian-rootfs: nothing installed satisfies '$clause' (of $pkg)" >&2
            exit 1
        fi
        queue+=("$chosen")
    done
done

pkgs=$(printf '%s\n' "${!have[@]}" | sort)
tag=$(for p in $pkgs; do dpkg-query -W -f='${Package}=${Version}\n' "$p"; done | sha256sum | cut -c1-16)
if [ "$out" = --tag ]; then
    echo "$tag"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The packages' own files, as dpkg lists them (directories, files, links), those that exist.
# On a merged-/usr system dpkg still lists /bin/bash: each path is written through the top-level
# links (bin -> usr/bin, ...), kept themselves, so the archive never writes through a link.
sed_links=
for top in /*; do
    if [ -L "$top" ] && [ -d "$top" ]; then
        sed_links="$sed_links;s#^${top#/}/#$(readlink "$top" | sed 's#^/##')/#"
    fi
done
for p in $pkgs; do dpkg-query -L "$p"; done | grep '^/' | while read -r path; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        printf '%s\n' "${path#/}"
    fi
done | sed "${sed_links#;}" | sort -u > "$work/files"

# dpkg's database: the status of exactly these packages, their info files, empty queues.
stage=$work/stage
mkdir -p "$stage/var/lib/dpkg/info" "$stage/var/lib/dpkg/updates" "$stage/var/lib/dpkg/triggers" \
    "$stage/var/lib/dpkg/alternatives" "$stage/etc/alternatives" "$stage/var/tmp" "$stage/var/log" \
    "$stage/var/cache" "$stage/root"
for p in $pkgs; do
    dpkg-query -s "$p" | grep -v '^Config-Version:'
    echo
done > "$stage/var/lib/dpkg/status"
: > "$stage/var/lib/dpkg/available"
: > "$stage/var/lib/dpkg/diversions"
: > "$stage/var/lib/dpkg/statoverride"
for p in $pkgs; do
    for f in /var/lib/dpkg/info/"$p".* /var/lib/dpkg/info/"$p":*.*; do
        if [ -e "$f" ]; then cp -a "$f" "$stage/var/lib/dpkg/info/"; fi
    done
done
# The alternatives the packages' maintainer scripts chose (java, awk, pager...), where their
# targets are in the image.
for link in /etc/alternatives/*; do
    target=$(readlink "$link") || continue
    if grep -qxF "${target#/}" "$work/files"; then
        cp -a "$link" "$stage/etc/alternatives/"
        name=${link##*/}
        if [ -e "/var/lib/dpkg/alternatives/$name" ]; then
            cp -a "/var/lib/dpkg/alternatives/$name" "$stage/var/lib/dpkg/alternatives/"
        fi
    fi
done
# And the links to them (/usr/bin/java -> /etc/alternatives/java), which no package owns.
find /usr -xdev -lname '/etc/alternatives/*' 2>/dev/null | while read -r link; do
    if [ -L "$stage/etc/alternatives/$(basename "$(readlink "$link")")" ]; then
        printf '%s\n' "${link#/}"
    fi
done > "$work/alternative-links"
(cd / && tar --numeric-owner --no-recursion -cf - -T "$work/alternative-links") | tar -C "$stage" -xf -
# What pam-auth-update wrote when libpam-runtime was configured (chfn and su read it).
if [ -n "${have[libpam-runtime]:-}" ]; then
    mkdir -p "$stage/etc/pam.d" "$stage/var/lib/pam"
    cp -a /etc/pam.d/common-* "$stage/etc/pam.d/"
    cp -a /var/lib/pam/. "$stage/var/lib/pam/"
fi
# Accounts as a new system has them (what debootstrap does with base-passwd's masters).
cp /usr/share/base-passwd/passwd.master "$stage/etc/passwd"
cp /usr/share/base-passwd/group.master "$stage/etc/group"
awk -F: '{ print $1 ":*:19000:0:99999:7:::" }' "$stage/etc/passwd" > "$stage/etc/shadow"
awk -F: '{ print $1 ":*::" }' "$stage/etc/group" > "$stage/etc/gshadow"
chmod 640 "$stage/etc/shadow" "$stage/etc/gshadow"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$stage/etc/nsswitch.conf"
chmod 700 "$stage/root"
chmod 1777 "$stage/var/tmp"

tar --numeric-owner --no-recursion -C / -cf "$out" -T "$work/files"
# What the packages already hold (directories such as etc/alternatives) is not added twice.
(cd "$stage" && find . -mindepth 1 | sed 's#^\./##' | sort) | comm -23 - "$work/files" > "$work/staged"
tar --numeric-owner --no-recursion -C "$stage" -rf "$out" -T "$work/staged"
echo "$tag"
