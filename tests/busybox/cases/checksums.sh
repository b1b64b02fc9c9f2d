# Checksums of the data files, base64 round trip.
sha256sum words.txt table.txt bin.dat
md5sum words.txt bin.dat
sha1sum bin.dat
sha512sum table.txt
cksum nums.txt
base64 bin.dat | head -3
base64 bin.dat | base64 -d | cmp - bin.dat && echo "base64 round trip"
