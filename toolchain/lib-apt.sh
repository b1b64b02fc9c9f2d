# shellcheck shell=bash
# Fetching Debian source packages without touching the machine's apt setup.
# Sourced after lib.sh.

# --- Debian source packages through a private apt configuration --------------
# The machine's apt configuration is only read, never changed: we write our
# own sources list (deb-src lines for the Debian suites the machine uses) and
# keep lists and caches under $LOL_CACHE/apt.

# Print deb-src lines for the machine's Debian entries (suite = codename or
# codename-*), from one-line *.list files and deb822 *.sources files.
lol_apt_debsrc_lines() {
    local codename f
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || lol_die "cannot tell the Debian codename from /etc/os-release"
    {
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] || continue
            # deb [opts] URI suite comp...
            awk '$1 == "deb" {
                    i = 2; opts = "";
                    if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ }
                                      opts = opts " " $i; i++ }
                    comps = ""; for (j = i + 2; j <= NF; j++) comps = comps " " $j;
                    print "deb-src" opts " " $i " " $(i + 1) comps }' "$f"
        done
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] || continue
            awk 'function flush() {
                    if (types ~ /(^| )deb( |$)/ && enabled !~ /^no$/ && uris != "") {
                        nu = split(uris, U, " "); ns = split(suites, S, " ");
                        opt = (signed ~ /^\//) ? " [signed-by=" signed "]" : "";
                        for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++)
                            print "deb-src" opt " " U[a] " " S[b] " " comps;
                    }
                    types = uris = suites = comps = signed = enabled = "";
                 }
                 /^#/ { next }
                 /^[ \t]*$/ { flush(); next }
                 /^[A-Za-z-]+:/ { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "");
                    if (key == "types") types = $0; else if (key == "uris") uris = $0;
                    else if (key == "suites") suites = $0; else if (key == "components") comps = $0;
                    else if (key == "signed-by") signed = $0; else if (key == "enabled") enabled = $0; }
                 END { flush() }' "$f"
        done
    } | awk -v c="$codename" '{
            # suite is the 3rd field from the end of the URI position
            n = split($0, F, " "); s = "";
            for (k = 2; k <= n; k++) if (F[k] !~ /^\[|\]$|^signed-by=/ && F[k] ~ /:\/\//) { s = F[k + 1]; break }
            if (s == c || index(s, c "-") == 1) print }' | sort -u
}

# lol_apt_fetch_source PACKAGE VERSION DESTDIR: download the source package
# (dsc + tarballs) into DESTDIR with apt-get source --download-only.
lol_apt_fetch_source() {
    local pkg=$1 ver=$2 dest=$3 apt=$LOL_CACHE/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
    lol_apt_debsrc_lines >"$apt/sources.list.new"
    [ -s "$apt/sources.list.new" ] || lol_die "no Debian entries found in /etc/apt/sources.list{,.d}"
    mv "$apt/sources.list.new" "$apt/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
                -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
    [ "$(id -u)" = 0 ] && opts+=(-o "APT::Sandbox::User=root")
    echo "apt sources (private, $apt/sources.list):"; sed 's/^/  /' "$apt/sources.list"
    apt-get "${opts[@]}" -q update
    mkdir -p "$dest"
    (cd "$dest" && apt-get "${opts[@]}" -q source --download-only "$pkg=$ver")
}
