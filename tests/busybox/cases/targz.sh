# tar and gzip: archive a tree, compress, test, extract elsewhere, compare; gzip levels.
mkdir -p tree/x/y tree/z
cp words.txt tree/x/
cp bin.dat tree/x/y/
cp table.txt tree/z/
seq 1 3000 >tree/z/seq
tar cf - tree | gzip -9 >tree.tgz
gzip -t tree.tgz && echo "gzip -t ok"
mkdir out && (cd out && gzip -dc ../tree.tgz | tar xf -)
diff -r tree out/tree && echo "trees equal"
tar tzf tree.tgz | sort
for l in 1 6 9; do gzip -$l -c words.txt | gzip -dc | cmp - words.txt && echo "level $l round trip"; done
cp bin.dat b2 && gzip b2 && gunzip b2.gz && cmp b2 bin.dat && echo "gzip/gunzip file"
tar czf host-check.tgz -C tree .
(cd out/tree && find . -type f | sort | xargs sha256sum)
mkdir hx && (cd hx && gzip -dc ../host-made.tgz | tar xf -) && (cd hx && find . | sort && find . -type f | sort | xargs md5sum)
