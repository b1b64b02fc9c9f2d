# File I/O: create, append, copy, move, links, permissions, find, dd, cmp, od, stat.
mkdir -p d/a/b d/c
printf 'line %d\n' 1 2 3 >d/a/f1
echo more >>d/a/f1
cp d/a/f1 d/a/b/f2
mv d/a/b/f2 d/c/f3
ln -s ../a/f1 d/c/link
ln d/a/f1 d/hard
cat d/c/link
readlink d/c/link
test -L d/c/link && echo "is a link"
test -f d/hard && test -s d/hard && echo "hard link has data"
find d | sort
find d -type f | sort | xargs cat | wc -l
find d -name 'f*' -type f | sort
chmod 751 d/a/f1; stat -c '%a %s' d/a/f1
test -x d/a/f1 && echo executable
touch d/empty; test -s d/empty || echo "empty is empty"
dd if=bin.dat of=d/part bs=1024 skip=3 count=10 2>/dev/null
stat -c %s d/part
cmp d/part bin.dat >/dev/null 2>&1 || echo "differ as expected"
head -c 13312 bin.dat | tail -c 10240 | cmp - d/part && echo "dd slice ok"
od -An -tx1 -N 32 bin.dat | tr -s ' \n' '  '; echo
rm -r d/c; find d | sort | tr '\n' ' '; echo
exec 3>fd3.txt; echo "via fd 3" >&3; exec 3>&-; cat fd3.txt
exec 4<table.txt; read -r l1 <&4; read -r l2 <&4; exec 4<&-; echo "$l1 / $l2"
i=0; while [ $i -lt 200 ]; do echo "$i" >>many.txt; i=$((i + 1)); done; tail -1 many.txt
mkfifo ff; (echo through fifo >ff) & cat ff; wait
ls -1a d
rm -rf d; test -e d || echo "removed"
