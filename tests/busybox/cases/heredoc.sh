# Here-documents: expanded, quoted, tab-stripped, into loops, with command substitution.
name=world n=3
cat <<EOT
hello $name, $((n * 7)) times
today is $(echo "a day")
EOT
cat <<'EOT'
not expanded: $name $((1+1)) `echo x`
EOT
	cat <<-EOT
	tabs stripped for $name
		one tab left
	EOT
while IFS=: read -r a b c; do echo "$c/$b/$a"; done <<EOT
x:1:one
y:2:two
z:3:three
EOT
sort -r <<EOT | head -2
b
c
a
EOT
wc -l <<EOT
$(seq 1 5)
EOT
read -r first rest <<EOT
alpha beta gamma
EOT
echo "$first + $rest"
