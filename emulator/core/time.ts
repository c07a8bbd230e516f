/**
 * metav1.Time on the wire (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go): RFC 3339
 * in UTC with second precision, as every timestamp the apiserver and controllers write.
 */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
