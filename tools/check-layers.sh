#!/bin/sh
# Fail when a file of src/<layer>/ includes a header of a layer above it
# (docs/architecture.md, "Layers"). A layer may include its own headers and
# those of the layers listed for it here. The one exception is the error
# registry: src/core/errors.def collects every layer's *_errors.def tables.
set -eu
cd "$(dirname "$0")/.."

allowed() {
    case "$1" in
    core) echo "core" ;;
    db) echo "core db" ;;
    rules) echo "core rules" ;;
    docs) echo "core rules docs" ;;
    regulator) echo "core regulator" ;;
    model) echo "core db rules docs regulator model" ;;
    mail) echo "core db rules docs model mail" ;;
    http) echo "core db rules docs model http" ;;
    gateway) echo "core db rules docs regulator model gateway" ;;
    web) echo "core db rules docs regulator model mail http gateway web tmpl_all.h" ;;
    simulator) echo "core db rules http regulator simulator tmpl_all.h" ;;
    app) echo "core db rules docs regulator model mail http gateway web simulator app" ;;
    *) echo "" ;;
    esac
}

bad=0
for dir in src/*/; do
    layer=$(basename "$dir")
    ok=$(allowed "$layer")
    if [ -z "$ok" ]; then
        echo "check-layers: $dir is not a known layer (add it to tools/check-layers.sh and docs/architecture.md)"
        bad=1
        continue
    fi
    for f in "$dir"*.c "$dir"*.h; do
        [ -e "$f" ] || continue
        # "x/y.h" includes: the top directory x is the layer of the header.
        for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
            top=${inc%%/*}
            case " $ok " in
            *" $top "*) ;;
            *)
                case "$f:$inc" in
                src/core/errors.def:*_errors.def) ;;
                *)
                    echo "check-layers: $f includes $inc: $layer may use only: $ok"
                    bad=1
                    ;;
                esac
                ;;
            esac
        done
    done
done
[ $bad -eq 0 ] && echo "check-layers: every include points down"
exit $bad
